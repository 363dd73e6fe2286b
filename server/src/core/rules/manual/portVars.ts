import type { Group, Port, Task } from '../../model/types';

/** Which runtime variable of a port: its host IP:port, its host IP, or its port. */
export type PortVarKind = 'ADDR' | 'IP' | 'PORT';

export interface PortVar {
  kind: PortVarKind;
  port: Port;
  /** The task that declares the port (task-level `resources { network }`); absent for group ports. */
  owner?: Task;
  /** The part after `NOMAD_<kind>_`, as written: `tcp`, or `db_tcp` for another task's port. */
  suffix: string;
  /** True for `NOMAD_<kind>_<task>_<label>`, another task's port. */
  crossTask: boolean;
}

const PORT_VAR = /^NOMAD_(ADDR|IP|PORT|HOST_PORT)_(.+)$/;

/** Nomad's `helper.CleanEnvVar`: `[A-Za-z_.]` and non-leading digits survive, all else becomes `_`. */
export function cleanEnvName(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_').replace(/^[0-9]/, '_');
}

/**
 * Resolves `NOMAD_{ADDR,IP,PORT,HOST_PORT}_…` as seen from `scope` (domain.md §B.1): the task's own and
 * the group's ports by label, and other tasks' task-level ports as `<task>_<label>`.
 * Both the raw and the cleaned spelling are accepted; which one resolves where is NCX-N12's job.
 */
export function resolvePortVar(name: string, scope: Task): PortVar | undefined {
  const m = PORT_VAR.exec(name);
  if (!m) return undefined;
  // A task-level port's NOMAD_HOST_PORT_<label> equals its NOMAD_PORT_<label> unless a driver
  // port_map applies; it has no cross-task form (domain.md §B.1).
  const hostPort = m[1] === 'HOST_PORT';
  const kind = (hostPort ? 'PORT' : m[1]) as PortVarKind;
  const suffix = m[2];
  const same = (written: string, declared: string) => written === declared || written === cleanEnvName(declared);
  for (const port of ownPorts(scope)) {
    if (same(suffix, port.label)) return { kind, port, owner: ownerOf(port), suffix, crossTask: false };
  }
  if (hostPort) return undefined;
  for (const other of scope.group.tasks) {
    if (other === scope) continue;
    for (const port of taskPorts(other)) {
      if (suffix === `${other.name}_${port.label}` || suffix === `${cleanEnvName(other.name)}_${cleanEnvName(port.label)}`) {
        return { kind, port, owner: other, suffix, crossTask: true };
      }
    }
  }
  return undefined;
}

/** Ports a task sees without a task prefix: its task-level ports, then the group's. */
export function ownPorts(task: Task): Port[] {
  return [...taskPorts(task), ...groupPorts(task.group)];
}

export function taskPorts(task: Task): Port[] {
  return task.networks.flatMap((n) => n.ports);
}

export function groupPorts(group: Group): Port[] {
  return group.networks.flatMap((n) => n.ports);
}

function ownerOf(port: Port): Task | undefined {
  return port.network.owner.kind === 'task' ? port.network.owner.task : undefined;
}

/**
 * The variable name that gives `port`'s value of `kind` in `scope`: `NOMAD_PORT_tcp` for the
 * scope's own or a group port, `NOMAD_PORT_db_tcp` for another task's port.
 */
export function portVarName(kind: PortVarKind, port: Port, scope: Task): string {
  const owner = ownerOf(port);
  if (!owner || owner === scope) return `NOMAD_${kind}_${cleanEnvName(port.label)}`;
  return `NOMAD_${kind}_${cleanEnvName(owner.name)}_${cleanEnvName(port.label)}`;
}

/** "task `db`'s port `tcp`" or "group port `tcp`", for messages. */
export function describePort(port: Port): string {
  const owner = ownerOf(port);
  return owner ? `task \`${owner.name}\`'s port \`${port.label}\`` : `group port \`${port.label}\``;
}
