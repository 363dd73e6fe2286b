import { EditBuilder } from '../../edit/blockEdits';
import type { Group, NomadFile, Service, Task } from '../../model/types';
import { atLeast } from '../../version';
import type { ActionProvider, ActionRequest, CodeActionItem } from './action';
import { appTasks, locate } from './locate';
import { pinnedOffLinux } from './platform';
import { buildManualSidecar } from './sidecarManual';
import { buildNativeSidecar } from './sidecarNative';

/** The app a sidecar is added for, and the services that already describe it. */
export interface SidecarTarget {
  group: Group;
  task: Task;
  /** A group-level service of the task without `connect`. */
  service?: Service;
  /** A task-level service of the task (Connect needs it at group level, V2). */
  taskService?: Service;
}

/**
 * "Add Connect sidecar": on a task, a group or a service that has no Connect proxy yet. Where
 * several app tasks could be meant (a group, or a group service naming no task), one per task.
 */
export const addSidecar: ActionProvider = (req) => sidecarTargets(req.doc.model, req).flatMap((target) => {
  // `auto` on a job kept off Linux: native Connect needs a bridge network, which only Linux has.
  const offLinux = req.sidecarStyle === 'auto' && !useManualStyle(req) && pinnedOffLinux(target.task);
  const manual = offLinux || useManualStyle(req);
  const b = new EditBuilder(req.doc.lines, req.doc.hcl);
  if (!buildSafely(() => (manual ? buildManualSidecar(b, req.doc.model, target) : buildNativeSidecar(b, req.doc.model, target)))) return [];
  const style = offLinux ? ' (consul connect proxy task: bridge networking needs Linux)' : manual ? ' (consul connect proxy task)' : '';
  const item: CodeActionItem = {
    title: `Add Connect sidecar for "${target.task.name}"${style}`,
    kind: 'refactor',
    edits: b.edits,
  };
  return [item];
});

/**
 * Runs an edit build; a file mid-edit (a block without its closing brace) makes the builder
 * throw, and then the action is simply not offered rather than failing every code action.
 */
export function buildSafely(build: () => boolean): boolean {
  try {
    return build();
  } catch {
    return false;
  }
}

export function useManualStyle(req: Pick<ActionRequest, 'sidecarStyle' | 'nomadVersion'>): boolean {
  return req.sidecarStyle === 'manual' || (req.sidecarStyle === 'auto' && !atLeast(req.nomadVersion, '0.10'));
}

export function sidecarTargets(file: NomadFile, req: Pick<ActionRequest, 'range'>): SidecarTarget[] {
  const loc = locate(file, req.range.start);
  if (!loc) return [];
  const { group } = loc;
  if (loc.service?.connect) return [];
  // A group that already runs a manual proxy is wired by hand; leave it alone.
  if (group.tasks.some((t) => t.proxy)) return [];
  const apps = appTasks(group);
  // A group service without `task` is the only app's, or the one of the task it is named after.
  const serves = (s: Service, t: Task) => (s.task ? s.task.value === t.name : apps.length === 1 || s.name?.value === t.name);

  const served = loc.service ? apps.filter((t) => serves(loc.service!, t)) : [];
  let tasks: Task[];
  if (loc.task) tasks = [loc.task];
  else if (served.length) tasks = served;
  // On the group itself, a group that has Connect already needs the task named (from inside it).
  else if (!loc.service && apps.length > 1 && group.services.some((s) => s.connect)) tasks = [];
  else tasks = apps;

  const targets: SidecarTarget[] = [];
  for (const t of tasks) {
    if (!t.block.closeBrace) continue;
    const groupServices = group.services.filter((s) => serves(s, t));
    if (groupServices.some((s) => s.connect)) continue;
    const service = loc.service && loc.service.level === 'group' ? loc.service : groupServices[0];
    const taskService = service ? undefined : loc.service?.level === 'task' ? loc.service : t.services[0];
    targets.push({ group, task: t, service, taskService });
  }
  return targets;
}
