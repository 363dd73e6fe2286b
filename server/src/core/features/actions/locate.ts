import { sidecarServices } from '../../model/queries';
import type { Group, NomadFile, Service, Task } from '../../model/types';
import { type Position, type Range, rangeContains } from '../../types';

/** What a position is inside of: the group, and the task and service when it is in one. */
export interface Location {
  group: Group;
  task?: Task;
  service?: Service;
}

export function locate(file: NomadFile, pos: Position): Location | undefined {
  for (const job of file.jobs) {
    for (const group of job.groups) {
      if (!rangeContains(group.block.range, pos)) continue;
      const task = group.tasks.find((t) => rangeContains(t.block.range, pos));
      const services = task ? task.services : group.services;
      const service = services.find((s) => rangeContains(s.block.range, pos));
      return { group, task, service };
    }
  }
  return undefined;
}

/** The start of a range, for code actions asked with a selection. */
export function anchor(range: Range): Position {
  return range.start;
}

/** Tasks of the group that are not `consul connect proxy` tasks. */
export function appTasks(group: Group): Task[] {
  return group.tasks.filter((t) => !t.proxy);
}

/** The group-level sidecar service serving a task: named by `task`, else the only one. */
export function sidecarServiceFor(group: Group, task: Task | undefined): Service | undefined {
  const all = sidecarServices(group);
  if (task) {
    const own = all.find((s) => s.task?.value === task.name);
    if (own) return own;
  }
  return all.length === 1 ? all[0] : undefined;
}
