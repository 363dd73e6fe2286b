import type { Group, Port, Service, Task } from './types';

/** Lookups over the job model that rules and features share. */

/** Ports of the task's own `resources { network }` blocks. */
export function taskPorts(task: Task): Port[] {
  return task.networks.flatMap((n) => n.ports);
}

/** Ports of the group's `network` blocks. */
export function groupPorts(group: Group): Port[] {
  return group.networks.flatMap((n) => n.ports);
}

/** The group's services, then its tasks' services. */
export function groupServices(group: Group): Service[] {
  return [...group.services, ...group.tasks.flatMap((t) => t.services)];
}
