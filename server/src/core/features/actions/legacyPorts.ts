import { EditBuilder } from '../../edit/blockEdits';
import { quote } from '../../edit/hclText';
import type { HclBlock, HclValue } from '../../hcl/ast';
import { groupPorts, taskPorts } from '../../model/queries';
import type { Group, Port, Service, Task } from '../../model/types';
import type { Range } from '../../types';
import type { PortRef } from './bindings';
import { cleanEnvVar } from './names';

/**
 * Legacy task-level ports (`resources { network { port … } }`) moving to the group network:
 * native Connect needs exactly one network for the whole group (V3), so every task's ports move,
 * not only the app's. Labels are unique per group (domain E.2): a label the group (or an earlier
 * task) already has gets a `_2`, `_3`… suffix, and what names the port follows it.
 */
export interface MovedPort {
  port: Port;
  task: Task;
  /** The label at group level. */
  label: string;
  /** The docker `port_map` value of the label: the port the app listens on, now the port's `to`. */
  to?: number;
}

/** The group's legacy ports, the app task's first so that its labels are the ones kept. */
export function planLegacyMoves(group: Group, app: Task): MovedPort[] {
  const tasks = [app, ...group.tasks.filter((t) => t !== app)];
  const moves = tasks.flatMap((task) => {
    const mapped = portMaps(task).flatMap((m) => m.entries);
    return taskPorts(task).map((port): MovedPort => {
      const to = port.to ? undefined : mapped.find((e) => e.label === port.label)?.port;
      return { port, task, label: port.label, to };
    });
  });
  // Labels compared as variable names: `my-port` and `my_port` would both be NOMAD_PORT_my_port.
  const taken = new Set(groupPorts(group).map((p) => cleanEnvVar(p.label)));
  const clashes: MovedPort[] = [];
  for (const m of moves) {
    if (taken.has(cleanEnvVar(m.label))) clashes.push(m);
    else taken.add(cleanEnvVar(m.label));
  }
  for (const m of clashes) {
    let i = 2;
    while (taken.has(cleanEnvVar(`${m.port.label}_${i}`))) i++;
    m.label = `${m.port.label}_${i}`;
    taken.add(cleanEnvVar(m.label));
  }
  return moves;
}

/**
 * The port block as it will read in the group network: its own text, relabelled when needed, with
 * `to` from the docker `port_map` (a group network maps ports with `to`; `port_map` only served
 * task networks, and `NOMAD_PORT_<l>` keeps its value: the mapped port, domain B.1).
 */
export function movedPortLines(b: EditBuilder, m: MovedPort): string[] {
  const local = new EditBuilder(b.lines, b.root);
  if (m.label !== m.port.label) local.replace(m.port.labelRange, quote(m.label));
  if (m.to !== undefined) local.addAttribute(m.port.block, ['to', String(m.to)]);
  return b.dedentedLines(m.port.block, local.edits);
}

/** A docker `port_map` of a task, as a block or a map attribute: label → port inside the container. */
interface PortMap {
  node: { range: Range };
  entries: { label: string; port: number }[];
}

function portMaps(task: Task): PortMap[] {
  const config = task.config?.block;
  if (!config) return [];
  const number = (v: HclValue) => (v.kind === 'number' ? v.value : undefined);
  const out: PortMap[] = config.blocks
    .filter((c) => c.type === 'port_map')
    .map((c) => ({ node: c, entries: c.attributes.map((a) => ({ label: a.name, port: number(a.value) ?? NaN })) }));
  for (const a of config.attributes) {
    if (a.name === 'port_map' && a.value.kind === 'object') out.push({ node: a, entries: a.value.entries.map((e) => ({ label: e.key, port: number(e.value) ?? NaN })) });
  }
  return out.map((m) => ({ ...m, entries: m.entries.filter((e) => Number.isInteger(e.port) && e.port > 0) }));
}

/** Removes the `port_map`s whose every label moved with a `to` (others stay as written). */
export function deletePortMaps(b: EditBuilder, moves: MovedPort[]): void {
  for (const task of new Set(moves.map((m) => m.task))) {
    for (const map of portMaps(task)) {
      const all = map.entries.length > 0 && map.entries.every((e) => moves.some((m) => m.task === task && m.port.label === e.label && m.to === e.port));
      if (all) b.deleteBlock(map.node);
    }
  }
}

/** What `bindToLoopback` needs to rewrite the variables of moved ports. */
export function portRefs(moves: MovedPort[]): PortRef[] {
  return moves.map((m) => ({ label: m.port.label, formerTask: m.task, newLabel: m.label }));
}

/**
 * Relabels the `port` of task services and checks that name a renamed port of their task.
 * `except` is a service whose own `port` another edit sets (the app's, moving to the group).
 */
export function relabelServices(b: EditBuilder, services: Service[], moves: MovedPort[], except?: Service): void {
  for (const s of services) {
    const task = s.ownerTask;
    const renamed = (label: string | undefined) => moves.find((m) => m.task === task && m.port.label === label && m.label !== label);
    const own = s === except ? undefined : renamed(s.port?.label);
    if (own && s.port) b.replace(s.port.attr.value.range, quote(own.label));
    for (const c of s.checks) {
      const m = renamed(c.portLabel?.value);
      if (m && c.portLabel) b.replace(c.portLabel.attr.value.range, quote(m.label));
    }
  }
}

/** Removes a task's legacy networks, and `resources` when nothing else (not even a comment) is left in it. */
export function deleteLegacyNetworks(b: EditBuilder, task: Task): void {
  const resources = task.resources;
  const nets = task.networks.map((n) => n.block);
  if (nets.length === 0) return;
  const onlyNets = resources && resources.attributes.length === 0 && resources.blocks.every((c) => nets.includes(c));
  if (resources && onlyNets && !hasCommentOutside(b, resources, nets)) b.deleteBlock(resources);
  else for (const n of nets) b.deleteBlock(n);
}

function hasCommentOutside(b: EditBuilder, parent: HclBlock, children: HclBlock[]): boolean {
  return children.length === 1 ? b.hasComment(parent, children[0]) : true;
}
