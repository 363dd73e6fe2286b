import type { HclString } from '../hcl/ast';
import { groupPorts, taskPorts, upstreamsOf } from '../model/queries';
import type { Group, Interpolation, NomadFile, Port, Task, Upstream } from '../model/types';
import { catalogFor, injectedPorts, type RuntimeVar } from '../nomadEnv/catalog';
import { referents } from '../nomadEnv/resolve';
import { interpolationAt, siteOf } from '../nomadEnv/scope';
import { type Position, type Range, rangeContains } from '../types';
import type { Version } from '../version';
import { Attached } from '../attached';

/**
 * What port labels and upstreams are referred to from where: the shared ground of go to
 * definition, find references and rename.
 */

/** A string that names a port label: a service/check `port`, an expose `listener_port`, a docker `ports` item. */
export interface LabelRef {
  label: string;
  /** Range of the label text, inside the quotes. */
  range: Range;
  port?: Port;
}

export type Target = { kind: 'port'; port: Port } | { kind: 'upstream'; upstream: Upstream };

/** One place that refers to a target. */
export interface Use {
  range: Range;
  interpolation?: Interpolation;
  /** The catalog entry the interpolation matched. */
  v?: RuntimeVar;
  labelRef?: LabelRef;
}

const refCache = new Attached<Group, LabelRef[]>();

export function labelRefs(group: Group): LabelRef[] {
  let refs = refCache.get(group);
  if (refs) return refs;
  refs = [];
  const push = (str: HclString | undefined, task: Task | undefined) => {
    if (!str || str.interpolations.length || /^\d*$/.test(str.value)) return;
    refs!.push({ label: str.value, range: str.contentRange, port: portByLabel(group, str.value, task) });
  };
  const services = [...group.services.map((s) => ({ s, task: undefined as Task | undefined })), ...group.tasks.flatMap((t) => t.services.map((s) => ({ s, task: t })))];
  for (const { s, task } of services) {
    const portAttr = s.port?.attr.value;
    if (s.port?.label !== undefined && portAttr?.kind === 'string') push(portAttr.str, task);
    for (const c of s.checks) push(c.portLabel?.str, task);
    const sidecar = s.connect?.sidecarService;
    push(sidecar?.port?.str, task);
    for (const p of sidecar?.proxy?.expose?.paths ?? []) push(p.listenerPort?.str, task);
  }
  for (const t of group.tasks) {
    const ports = t.config?.block.attributes.find((a) => a.name === 'ports');
    if (ports?.value.kind === 'tuple') for (const item of ports.value.items) if (item.kind === 'string') push(item.str, t);
  }
  refCache.set(group, refs);
  return refs;
}

/** The port a label means where it is written: the task's own ports first, then the group's. */
export function portByLabel(group: Group, label: string, task?: Task): Port | undefined {
  const own = task ? taskPorts(task) : [];
  return [...own, ...groupPorts(group), ...injectedPorts(group).map((i) => i.port)].find((p) => p.label === label);
}

function groupAt(file: NomadFile, pos: Position): Group | undefined {
  for (const job of file.jobs) {
    if (!rangeContains(job.block.range, pos)) continue;
    return job.groups.find((g) => rangeContains(g.block.range, pos));
  }
  return undefined;
}

/** A `port "label"` block label at pos. */
export function portLabelAt(file: NomadFile, pos: Position): Port | undefined {
  const group = groupAt(file, pos);
  if (!group) return undefined;
  const ports = [...groupPorts(group), ...group.tasks.flatMap(taskPorts)];
  return ports.find((p) => p.block.type === 'port' && rangeContains(p.labelRange, pos));
}

export function labelRefAt(file: NomadFile, pos: Position): LabelRef | undefined {
  const group = groupAt(file, pos);
  return group && labelRefs(group).find((r) => rangeContains(r.range, pos));
}

/** The interpolation at pos and the catalog entry its name matches (either spelling). */
export function interpolationTargetAt(file: NomadFile, pos: Position, version: Version): { interpolation: Interpolation; v?: RuntimeVar } | undefined {
  const interpolation = interpolationAt(file, pos);
  if (!interpolation || !rangeContains(interpolation.range, pos)) return undefined;
  return { interpolation, v: matchVar(interpolation, version) };
}

export function matchVar(interpolation: Interpolation, version: Version): RuntimeVar | undefined {
  const site = siteOf(interpolation);
  if (!site.scope) return undefined;
  return referents(catalogFor(site.scope, version), interpolation.name).find((v) => v.port || v.upstream);
}

/** The port or upstream the cursor is on: its declaration, a label reference or an interpolation. */
export function targetAt(file: NomadFile, pos: Position, version: Version): Target | undefined {
  const port = portLabelAt(file, pos) ?? labelRefAt(file, pos)?.port;
  if (port) return { kind: 'port', port };
  const hit = interpolationTargetAt(file, pos, version);
  if (hit?.v?.port) return { kind: 'port', port: hit.v.port };
  if (hit?.v?.upstream) return { kind: 'upstream', upstream: hit.v.upstream };
  const upstream = file.jobs
    .flatMap((j) => j.groups)
    .flatMap(upstreamsOf)
    .find((u) => u.destinationName?.str && rangeContains(u.destinationName.str.range, pos));
  return upstream ? { kind: 'upstream', upstream } : undefined;
}

export function declarationRange(target: Target): Range {
  if (target.kind === 'port') return target.port.labelRange;
  const d = target.upstream.destinationName;
  return d?.str?.contentRange ?? d?.attr.range ?? target.upstream.block.typeRange;
}

export function groupOf(target: Target): Group {
  if (target.kind === 'upstream') return target.upstream.service.group;
  const owner = target.port.network.owner;
  return owner.kind === 'group' ? owner.group : owner.task.group;
}

/** Every interpolation and label reference that refers to the target, in document order. */
export function usesOf(file: NomadFile, target: Target, version: Version): Use[] {
  const group = groupOf(target);
  const uses: Use[] = [];
  for (const interpolation of file.interpolations) {
    if (interpolation.group !== group) continue;
    const site = siteOf(interpolation);
    if (!site.scope) continue;
    const v = referents(catalogFor(site.scope, version), interpolation.name).find((c) => (target.kind === 'port' ? c.port === target.port : c.upstream === target.upstream));
    if (v) uses.push({ range: interpolation.range, interpolation, v });
  }
  if (target.kind === 'port') {
    for (const ref of labelRefs(group)) if (ref.port === target.port) uses.push({ range: ref.range, labelRef: ref });
  }
  return uses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
