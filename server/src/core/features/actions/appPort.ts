import { groupPorts, taskPorts } from '../../model/queries';
import type { NomadFile, Port, Service, Task } from '../../model/types';
import { cleanEnvVar, portLabels } from './names';

/** The port an app task listens on, as far as the file tells. */
export interface AppPort {
  port: Port;
  /** Declared in a group `network`, or in the task's legacy `resources { network }`. */
  level: 'group' | 'task';
}

/**
 * Finds the app's port: the label its service names, else the task's own legacy port, else a
 * group port the task refers to (docker `ports` or `${NOMAD_*_<label>}`), else the group's only port.
 */
export function findAppPort(file: NomadFile, task: Task, service: Service | undefined): AppPort | undefined {
  const group = task.group;
  const groupLevel = groupPorts(group);
  const taskLevel = taskPorts(task);
  const byLabel = (label: string | undefined): AppPort | undefined => {
    if (!label) return undefined;
    const own = taskLevel.find((p) => p.label === label);
    if (own) return { port: own, level: 'task' };
    const shared = groupLevel.find((p) => p.label === label);
    return shared ? { port: shared, level: 'group' } : undefined;
  };
  const named = byLabel(service?.port?.label);
  if (named) return named;
  if (taskLevel.length > 0) return { port: taskLevel[0], level: 'task' };
  const dockerPorts = task.config?.block.attributes.find((a) => a.name === 'ports');
  if (dockerPorts?.value.kind === 'tuple') {
    for (const item of dockerPorts.value.items) {
      if (item.kind === 'string') {
        const found = byLabel(item.str.value);
        if (found) return found;
      }
    }
  }
  // A port another task serves is one this task dials (a client, or a poststart task), not its own.
  for (const i of file.interpolations) {
    if (i.task !== task) continue;
    const m = /^NOMAD_(?:HOST_PORT|ALLOC_PORT|PORT|ADDR|IP)_(.+)$/.exec(i.name);
    const p = m && groupLevel.find((gp) => cleanEnvVar(gp.label) === m[1]);
    if (p && !servedByOther(task, p)) return { port: p, level: 'group' };
  }
  // The group's only port, unless another service or task already claims it.
  const only = groupLevel.length === 1 ? groupLevel[0] : undefined;
  const claimed = (p: Port) =>
    servedByOther(task, p) ||
    group.services.some((s) => s !== service && (s.port?.label === p.label || (p.to && s.port?.number === p.to.value))) ||
    file.interpolations.some((i) => i.task && i.task !== task && i.task.group === group && cleanEnvVar(i.name).endsWith(`_${cleanEnvVar(p.label)}`));
  return only && !claimed(only) ? { port: only, level: 'group' } : undefined;
}

/** True when another task of the group lists the port in its docker `ports` or names it in a service of its own. */
function servedByOther(task: Task, port: Port): boolean {
  const group = task.group;
  return group.tasks.some((t) => {
    if (t === task) return false;
    const ports = t.config?.block.attributes.find((a) => a.name === 'ports');
    const listed = ports?.value.kind === 'tuple' && ports.value.items.some((item) => item.kind === 'string' && item.str.value === port.label);
    const services = [...t.services, ...group.services.filter((s) => s.task?.value === t.name)];
    return listed || services.some((s) => s.port?.label === port.label);
  });
}

/** A label the task refers to (`${NOMAD_PORT_<l>}` and the like) that no network declares yet. */
export function undeclaredLabel(file: NomadFile, task: Task): string | undefined {
  const declared = new Set(portLabels(task.group).map(cleanEnvVar));
  for (const i of file.interpolations) {
    if (i.task !== task) continue;
    const m = /^NOMAD_(?:PORT|ADDR|IP)_([A-Za-z0-9_.]+)$/.exec(i.name);
    if (m && !declared.has(m[1]) && !m[1].includes('_')) return m[1];
  }
  return undefined;
}
