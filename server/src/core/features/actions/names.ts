import type { Group } from '../../model/types';

/** Names, labels and ports for code actions that never collide with what the file already has. */

/** `base`, else `base-2`, `base-3`, … (`sep` joins the number). */
export function uniqueName(base: string, taken: Iterable<string>, sep = '-'): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}${sep}${i}`)) return `${base}${sep}${i}`;
}

/** Nomad's `helper.CleanEnvVar`: keeps `[A-Za-z0-9_.]`, everything else becomes `_` (domain B.2). */
export function cleanEnvVar(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_');
}

/** A Consul service name from a task name: lowercase RFC 1123 (V1, V5). */
export function serviceNameFrom(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s || 'app';
}

/** Every port label declared in the group, at group or task level. */
export function portLabels(group: Group): string[] {
  return [...group.networks, ...group.tasks.flatMap((t) => t.networks)].flatMap((n) => n.ports.map((p) => p.label));
}

/** Numbers the group already binds or maps: static/to ports, service ports, upstream and proxy ports. */
export function usedPorts(group: Group): Set<number> {
  const used = new Set<number>();
  const add = (n: number | undefined) => {
    if (n !== undefined && Number.isInteger(n) && n > 0) used.add(n);
  };
  for (const net of [...group.networks, ...group.tasks.flatMap((t) => t.networks)]) {
    for (const p of net.ports) {
      add(p.static?.value);
      add(p.to?.value);
    }
  }
  for (const s of [...group.services, ...group.tasks.flatMap((t) => t.services)]) {
    add(s.port?.number);
    const proxy = s.connect?.sidecarService?.proxy;
    add(proxy?.localServicePort?.value);
    for (const u of proxy?.upstreams ?? []) add(u.localBindPort?.value);
    for (const p of proxy?.expose?.paths ?? []) add(p.localPathPort?.value);
  }
  for (const t of group.tasks) {
    for (const f of t.proxy?.flags ?? []) {
      const m = /:(\d+)$/.exec(f.value ?? '');
      if (m) add(Number(m[1]));
    }
  }
  return used;
}

/** The first port from `base` up that the group does not use. */
export function freePort(group: Group, base = 8080): number {
  const used = usedPorts(group);
  let p = base;
  while (used.has(p)) p++;
  return p;
}
