import type { NomadFile, Port, Service, Task } from '../../model/types';
import type { EditBuilder } from './editBuilder';
import { cleanEnvVar } from './names';

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
  const groupPorts = group.networks.flatMap((n) => n.ports);
  const taskPorts = task.networks.flatMap((n) => n.ports);
  const byLabel = (label: string | undefined): AppPort | undefined => {
    if (!label) return undefined;
    const own = taskPorts.find((p) => p.label === label);
    if (own) return { port: own, level: 'task' };
    const shared = groupPorts.find((p) => p.label === label);
    return shared ? { port: shared, level: 'group' } : undefined;
  };
  const named = byLabel(service?.port?.label);
  if (named) return named;
  if (taskPorts.length > 0) return { port: taskPorts[0], level: 'task' };
  const dockerPorts = task.config?.block.attributes.find((a) => a.name === 'ports');
  if (dockerPorts?.value.kind === 'tuple') {
    for (const item of dockerPorts.value.items) {
      if (item.kind === 'string') {
        const found = byLabel(item.str.value);
        if (found) return found;
      }
    }
  }
  for (const i of file.interpolations) {
    if (i.task !== task) continue;
    const m = /^NOMAD_(?:HOST_PORT|ALLOC_PORT|PORT|ADDR|IP)_(.+)$/.exec(i.name);
    const p = m && groupPorts.find((gp) => cleanEnvVar(gp.label) === m[1]);
    if (p) return { port: p, level: 'group' };
  }
  // The group's only port, unless another service already claims it.
  const only = groupPorts.length === 1 ? groupPorts[0] : undefined;
  const claimed = (p: Port) => group.services.some((s) => s !== service && (s.port?.label === p.label || (p.to && s.port?.number === p.to.value)));
  return only && !claimed(only) ? { port: only, level: 'group' } : undefined;
}

/** A label the task refers to (`${NOMAD_PORT_<l>}` and the like) that no network declares yet. */
export function undeclaredLabel(file: NomadFile, task: Task): string | undefined {
  const declared = new Set([...task.group.networks, ...task.group.tasks.flatMap((t) => t.networks)].flatMap((n) => n.ports.map((p) => cleanEnvVar(p.label))));
  for (const i of file.interpolations) {
    if (i.task !== task) continue;
    const m = /^NOMAD_(?:PORT|ADDR|IP)_([A-Za-z0-9_.]+)$/.exec(i.name);
    if (m && !declared.has(m[1]) && !m[1].includes('_')) return m[1];
  }
  return undefined;
}

/**
 * Makes the app bind on loopback, where its proxy reaches it: `${NOMAD_ADDR_<l>}` (the host IP,
 * domain A.4 / N13) becomes `127.0.0.1:${NOMAD_PORT_<l>}`, `${NOMAD_IP_<l>}` becomes `127.0.0.1`,
 * and, when `anyHost` is set, a literal `0.0.0.0:` before the port too. Task-prefixed forms of
 * a port that moves to the group lose their prefix (`portVar` is the variable suffix to use).
 */
export function bindAppToLoopback(
  b: EditBuilder,
  file: NomadFile,
  task: Task,
  label: string,
  opts: { anyHost: boolean; portVar: string },
): void {
  const l = cleanEnvVar(label);
  const t = cleanEnvVar(task.name);
  const port = `\${NOMAD_PORT_${opts.portVar}}`;
  for (const i of file.interpolations) {
    if (i.task !== task || i.kind !== 'interpolation') continue;
    if (i.name === `NOMAD_ADDR_${l}` || i.name === `NOMAD_ADDR_${t}_${l}`) b.replace(i.outerRange, `127.0.0.1:${port}`);
    else if (i.name === `NOMAD_IP_${l}` || i.name === `NOMAD_IP_${t}_${l}`) b.replace(i.outerRange, '127.0.0.1');
    else if (i.name === `NOMAD_PORT_${l}` || i.name === `NOMAD_PORT_${t}_${l}`) {
      if (`NOMAD_PORT_${opts.portVar}` !== i.name) b.replace(i.outerRange, port);
      const before = b.doc.lines.lineText(i.outerRange.start.line).slice(0, i.outerRange.start.character);
      if (opts.anyHost && before.endsWith('0.0.0.0:')) {
        const at = i.outerRange.start;
        b.replace({ start: { line: at.line, character: at.character - 8 }, end: { line: at.line, character: at.character - 1 } }, '127.0.0.1');
      }
    }
  }
}
