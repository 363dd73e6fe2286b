import type { HclBlock } from '../../hcl/ast';
import type { Group, Port, Service, Task } from '../../model/types';
import type { PortRef } from './bindings';
import type { EditBuilder } from './editBuilder';
import { quote } from './hclText';
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
}

/** The group's legacy ports, the app task's first so that its labels are the ones kept. */
export function planLegacyMoves(group: Group, app: Task): MovedPort[] {
  const tasks = [app, ...group.tasks.filter((t) => t !== app)];
  const moves = tasks.flatMap((task) => task.networks.flatMap((n) => n.ports).map((port) => ({ port, task, label: port.label })));
  // Labels compared as variable names: `my-port` and `my_port` would both be NOMAD_PORT_my_port.
  const taken = new Set(group.networks.flatMap((n) => n.ports).map((p) => cleanEnvVar(p.label)));
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

/** The port block as it will read in the group network: its own text, relabelled when needed. */
export function movedPortLines(b: EditBuilder, m: MovedPort): string[] {
  const edits = m.label === m.port.label ? [] : [{ range: m.port.labelRange, newText: quote(m.label) }];
  return b.dedentedLines(m.port.block, edits);
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
