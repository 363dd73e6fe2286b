import type { Port, Task } from '../../model/types';
import { catalogFor, type RuntimeVar } from '../../nomadEnv/catalog';
import { referents } from '../../nomadEnv/resolve';
import type { Version } from '../../version';

/**
 * The port variables the manual proxy rules reason about, read from the nomadEnv catalog: which
 * port a `NOMAD_{ADDR,IP,PORT,HOST_PORT}_[<task>_]<label>` names, in either spelling.
 */

/** Which runtime variable of a port: its host IP:port, its host IP, or its port. */
export type PortVarKind = 'ADDR' | 'IP' | 'PORT';

export interface PortVar {
  kind: PortVarKind;
  port: Port;
  /** The part after `NOMAD_<kind>_`, as written: `tcp`, or `db_tcp` for another task's port. */
  suffix: string;
  /** True for `NOMAD_<kind>_<task>_<label>`, another task's port. */
  crossTask: boolean;
}

/**
 * Resolves `NOMAD_{ADDR,IP,PORT,HOST_PORT}_…` as seen from `scope` (domain.md §B.1), whatever
 * the spelling and target version; whether it resolves in its place is NCX-N11/N12's job.
 * `NOMAD_HOST_PORT_<label>` counts as the port: it equals `NOMAD_PORT_<label>` unless a
 * mapping applies.
 */
export function resolvePortVar(name: string, scope: Task, version: Version): PortVar | undefined {
  const v = referents(catalogFor({ group: scope.group, task: scope }, version), name).find((c) => c.port);
  const kind = v?.kind === 'HOST_PORT' ? 'PORT' : v?.kind;
  if (!v?.port || (kind !== 'ADDR' && kind !== 'IP' && kind !== 'PORT')) return undefined;
  return { kind, port: v.port, suffix: name.slice(`NOMAD_${v.kind}_`.length), crossTask: v.family === 'other-task-port' };
}

/**
 * The variable name driver `config` uses for `port`'s value of `kind` in `scope`: `NOMAD_PORT_tcp`
 * for the scope's own or a group port, `NOMAD_PORT_db_tcp` for another task's port.
 */
export function portVarName(kind: PortVarKind, port: Port, scope: Task, version: Version): string | undefined {
  const catalog = catalogFor({ group: scope.group, task: scope }, version);
  const isIt = (v: RuntimeVar) => v.port === port && v.kind === kind;
  return (catalog.vars.find(isIt) ?? catalog.newer.find(isIt))?.key;
}

/** The loopback text that replaces a host-IP variable: `127.0.0.1:${NOMAD_PORT_<suffix>}` for an address, else the IP. */
export function loopbackFor(pv: PortVar): string {
  return pv.kind === 'ADDR' ? `127.0.0.1:\${NOMAD_PORT_${pv.suffix}}` : '127.0.0.1';
}

/** "task `db`'s port `tcp`" or "group port `tcp`", for messages. */
export function describePort(port: Port): string {
  const owner = port.network.owner;
  return owner.kind === 'task' ? `task \`${owner.task.name}\`'s port \`${port.label}\`` : `group port \`${port.label}\``;
}
