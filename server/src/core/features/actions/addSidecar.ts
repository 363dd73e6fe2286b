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

/** "Add Connect sidecar": on a task, a group or a service that has no Connect proxy yet. */
export const addSidecar: ActionProvider = (req) => {
  const target = sidecarTarget(req.doc.model, req);
  if (!target) return [];
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
};

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

export function sidecarTarget(file: NomadFile, req: Pick<ActionRequest, 'range'>): SidecarTarget | undefined {
  const loc = locate(file, req.range.start);
  if (!loc) return undefined;
  const { group } = loc;
  if (loc.service?.connect) return undefined;
  // A group that already runs a manual proxy is wired by hand; leave it alone.
  if (group.tasks.some((t) => t.proxy)) return undefined;
  const apps = appTasks(group);
  const serves = (s: Service, t: Task) => s.task?.value === t.name || (!s.task && apps.length === 1);

  let task = loc.task;
  if (!task && loc.service) task = apps.find((t) => serves(loc.service!, t));
  if (!task && apps.length === 1) task = apps[0];
  if (!task || !task.block.closeBrace) return undefined;
  const t = task;

  const groupServices = group.services.filter((s) => serves(s, t));
  if (groupServices.some((s) => s.connect)) return undefined;
  const service = loc.service && loc.service.level === 'group' ? loc.service : groupServices[0];
  const taskService = service ? undefined : loc.service?.level === 'task' ? loc.service : t.services[0];
  return { group, task: t, service, taskService };
}
