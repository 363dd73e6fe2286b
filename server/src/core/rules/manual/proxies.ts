import type { Group, ManualProxy, ProxyFlag, Task } from '../../model/types';
import type { Range } from '../../types';
import { Attached } from '../../attached';

/** The list elements for a new flag, following the proxy's style (`-flag=value` or two elements). */
export function flagElements(proxy: ManualProxy, name: string, value?: string): string[] {
  if (value === undefined) return [`-${name}`];
  const valued = proxy.flags.filter((f) => f.valueItem);
  const eqStyle = valued.length > 0 && valued.every((f) => f.valueItem === f.item);
  return eqStyle ? [`-${name}=${value}`] : [`-${name}`, value];
}

/** Every task of the group that runs `consul connect proxy` (kept per Group: each manual rule asks). */
export function groupProxies(group: Group): readonly ManualProxy[] {
  let out = proxiesOf.get(group);
  if (!out) {
    out = [];
    for (const t of group.tasks) if (t.proxy) out.push(t.proxy);
    proxiesOf.set(group, out);
  }
  return out;
}

const proxiesOf = new Attached<Group, ManualProxy[]>();

export function envValue(task: Task, key: string): string | undefined {
  return task.env.find((e) => e.key === key)?.value?.value;
}

/**
 * True when the proxy takes its configuration from a file or from the Consul agent
 * (`-dev-config`, `-proxy-id`, `-sidecar-for` or their `CONNECT_*` environment variables)
 * instead of from `-service`/`-listen`/`-service-addr`.
 */
export function configuredElsewhere(proxy: ManualProxy): boolean {
  if (proxy.proxyId || proxy.sidecarFor || proxy.flags.some((f) => f.name === 'dev-config')) return true;
  return envValue(proxy.task, 'CONNECT_PROXY_ID') !== undefined || envValue(proxy.task, 'CONNECT_SIDECAR_FOR') !== undefined;
}

/**
 * `-register` when it is on: Go bool flags take `-register`, `-register=true` or `=false`
 * (and the other spellings of `strconv.ParseBool`).
 */
export function registerFlag(proxy: ManualProxy): ProxyFlag | undefined {
  const flag = proxy.register;
  return flag && !['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(flag.value ?? '') ? flag : undefined;
}

/** Range of `value[from, to)` of a flag's value (the whole value when it spans lines). */
export function valueSubRange(flag: ProxyFlag, from: number, to: number): Range {
  const r = flag.valueRange ?? flag.nameRange;
  if (r.start.line !== r.end.line) return r;
  return {
    start: { line: r.start.line, character: r.start.character + from },
    end: { line: r.start.line, character: r.start.character + to },
  };
}

/** `-listen :${NOMAD_PORT_tcp}` as shown in messages. */
export function showFlag(flag: ProxyFlag): string {
  return flag.value === undefined ? `-${flag.name}` : `-${flag.name} ${flag.value}`;
}
