import type { HclString } from '../../hcl/ast';
import { subRange } from '../../model/manualProxy';
import type { Port, Task } from '../../model/types';
import type { Range } from '../../types';
import type { Version } from '../../version';
import { classifyHost, interpolationsIn, splitHostPort } from './address';
import { loopbackFor, resolvePortVar } from './portVars';

/**
 * Where a task listens on one of its own ports, read from an argument or env value that is
 * an address and nothing else: `127.0.0.1:${NOMAD_PORT_tcp}`, `--bind=0.0.0.0:${NOMAD_PORT_tcp}`,
 * `${NOMAD_ADDR_tcp}`. URLs and other strings that merely mention the port are not binds.
 */
export interface AppBind {
  task: Task;
  port: Port;
  /** `any`: 0.0.0.0, `::` or an empty host; `hostIp`: the client's advertised address. */
  kind: 'loopback' | 'hostIp' | 'any';
  /** The address part of the string (after any `--flag=`), and its range. */
  address: string;
  range: Range;
  /** What to replace to bind loopback instead, and with what. */
  host: { range: Range; loopbackText: string };
}

export function appBinds(task: Task, version: Version): AppBind[] {
  const strings = [...(task.config?.args?.items ?? []), ...task.env.flatMap((e) => (e.value ? [e.value] : []))];
  return strings.flatMap((s) => bindIn(task, s, version) ?? []);
}

function bindIn(task: Task, str: HclString, version: Version): AppBind | undefined {
  if (str.heredoc || str.raw !== str.value || str.value.includes('\n')) return undefined;
  const v = str.value;
  const base = /^--?[A-Za-z0-9][\w.-]*=/.exec(v)?.[0].length ?? 0;
  const addr = v.slice(base);
  const at = (from: number, to: number) => subRange(str, base + from, base + to);
  const interps = interpolationsIn(addr);
  const whole = interps.length === 1 && interps[0].start === 0 && interps[0].end === addr.length ? interps[0] : undefined;
  if (whole) {
    const pv = resolvePortVar(whole.name, task, version);
    if (pv?.kind !== 'ADDR' || pv.crossTask) return undefined;
    const range = at(0, addr.length);
    return { task, port: pv.port, kind: 'hostIp', address: addr, range, host: { range, loopbackText: loopbackFor(pv) } };
  }
  const hp = splitHostPort(addr);
  if (!hp) return undefined;
  const portInterp = interps.find((i) => i.start === hp.portSpan.start && i.end === hp.portSpan.end);
  const pv = portInterp && resolvePortVar(portInterp.name, task, version);
  if (pv?.kind !== 'PORT' || pv.crossTask) return undefined;
  const hostKind = classifyHost(hp.host);
  const kind = hostKind === 'loopback' ? 'loopback' : hostKind === 'hostIp' ? 'hostIp' : hostKind === 'unspecified' || hostKind === 'empty' ? 'any' : undefined;
  if (!kind) return undefined;
  return {
    task,
    port: pv.port,
    kind,
    address: addr,
    range: at(0, addr.length),
    host: { range: at(hp.hostSpan.start, hp.hostSpan.end), loopbackText: addr.startsWith('[') ? '::1' : '127.0.0.1' },
  };
}
