import { groupInterpolationsOf } from './interpolations';
import { keptInterpolations } from './reuse';
import type { Group, Interpolation, Port, Service, Task, Upstream } from './types';
import { Attached } from '../attached';

/** Lookups over the job model that rules and features share. */

/**
 * The lists below are kept per model object: a model is never changed once built, and a group
 * kept across edits keeps them too. They are read-only for that reason.
 */
function memo<K extends object, V>(compute: (owner: K) => V): (owner: K) => V {
  const cache = new Attached<K, V>();
  return (owner) => {
    let v = cache.get(owner);
    if (v === undefined) cache.set(owner, (v = compute(owner)));
    return v;
  };
}

/** Ports of the task's own `resources { network }` blocks. */
export const taskPorts: (task: Task) => readonly Port[] = memo((task: Task) => task.networks.flatMap((n) => n.ports));

/** Ports of the group's `network` blocks. */
export const groupPorts: (group: Group) => readonly Port[] = memo((group: Group) => group.networks.flatMap((n) => n.ports));

/** The group's services, then its tasks' services. */
export const groupServices: (group: Group) => readonly Service[] = memo((group: Group) => [...group.services, ...group.tasks.flatMap((t) => t.services)]);

/** Group services with a Connect sidecar. */
export const sidecarServices: (group: Group) => readonly Service[] = memo((group: Group) => group.services.filter((s) => s.connect?.sidecarService));

/** The upstreams of the group's sidecars. */
export const upstreamsOf: (group: Group) => readonly Upstream[] = memo((group: Group) =>
  sidecarServices(group).flatMap((s) => s.connect?.sidecarService?.proxy?.upstreams ?? []),
);

/** Numbers the group already binds or maps: static/to ports, service ports, upstream, expose and proxy ports. */
export function usedPorts(group: Group): Set<number> {
  const used = new Set<number>();
  const add = (n: number | undefined) => {
    if (n !== undefined && Number.isInteger(n) && n > 0) used.add(n);
  };
  for (const p of [...groupPorts(group), ...group.tasks.flatMap(taskPorts)]) {
    add(p.static?.value);
    add(p.to?.value);
  }
  for (const s of groupServices(group)) {
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

/** The first port from `from` up (8080 unless given) that nothing in the group uses. */
export function freePort(group: Group, from = 8080): number {
  const used = usedPorts(group);
  let p = Math.max(1, from);
  while (used.has(p) && p < 65535) p++;
  return p;
}

/** The interpolations inside a group, in the file's order: the group's own run of `file.interpolations`. */
export function groupInterpolations(group: Group): Interpolation[] {
  return keptInterpolations(group) ?? groupInterpolationsOf(group);
}
