import type { NomadDocument } from '../../document';
import { EditBuilder } from '../../edit/blockEdits';
import { attr, block, quote } from '../../edit/hclText';
import { insertAfter } from '../../edit/listEdits';
import type { HclBlock, HclString } from '../../hcl/ast';
import { freePort } from '../../model/queries';
import type { Group, ManualProxy, NomadFile, Service } from '../../model/types';
import type { Position, TextEdit } from '../../types';
import type { ActionProvider } from './action';
import { locate, sidecarServiceFor } from './locate';
import { cleanEnvVar } from './names';

/** The client command that asks for a destination and then applies `nomadConnect/addUpstreamEdit`. */
export const ADD_UPSTREAM_COMMAND = 'nomadConnect.addUpstream';

/** Where an upstream goes: a native sidecar service, or a manual `consul connect proxy` task. */
export type UpstreamTarget = { style: 'native'; group: Group; service: Service } | { style: 'manual'; group: Group; proxy: ManualProxy };

/** The command's argument. */
export interface AddUpstreamArgs {
  uri: string;
  position: Position;
  exclude: string[];
}

export interface UpstreamEdit {
  destination: string;
  port: number;
  style: 'native' | 'manual';
  edits: TextEdit[];
  /** What the app dials: `${NOMAD_UPSTREAM_ADDR_<d>}` (native) or `127.0.0.1:<p>` (manual). */
  wiring: string;
}

/** "Add upstream…": inside a service with a sidecar, or on a manual proxy task. */
export const addUpstream: ActionProvider = (req) => {
  const loc = locate(req.doc.model, req.range.start);
  if (!loc) return [];
  const onSidecar = loc.service?.level === 'group' && !!loc.service.connect?.sidecarService;
  const onProxy = !!loc.task?.proxy;
  if (!onSidecar && !onProxy) return [];
  const target = upstreamTarget(req.doc.model, req.range.start);
  // What the quick pick leaves out: the destinations already there, and the service itself.
  const exclude = target ? [...existingUpstreams(target), ...(target.style === 'native' ? [target.service.name?.value ?? ''] : [target.proxy.service?.value ?? ''])] : [];
  const args: AddUpstreamArgs = { uri: req.doc.uri, position: req.range.start, exclude: exclude.filter(Boolean) };
  return [{ title: 'Add upstream…', kind: 'refactor', command: { title: 'Add upstream…', command: ADD_UPSTREAM_COMMAND, arguments: [args] } }];
};

/**
 * The service or proxy an upstream at `pos` belongs to: the one the position is in, else the
 * group's sidecar service for the task there (or its only one), else the group's manual proxy.
 */
export function upstreamTarget(file: NomadFile, pos: Position): UpstreamTarget | undefined {
  const loc = locate(file, pos);
  if (!loc) return undefined;
  const { group } = loc;
  if (loc.task?.proxy) return { style: 'manual', group, proxy: loc.task.proxy };
  if (loc.service?.level === 'group' && loc.service.connect?.sidecarService) return { style: 'native', group, service: loc.service };
  const service = sidecarServiceFor(group, loc.task);
  if (service) return { style: 'native', group, service };
  const proxies = group.tasks.filter((t) => t.proxy);
  return proxies.length === 1 ? { style: 'manual', group, proxy: proxies[0].proxy! } : undefined;
}

/** Destinations the target already has (as written). */
export function existingUpstreams(target: UpstreamTarget): string[] {
  if (target.style === 'native') return (target.service.connect?.sidecarService?.proxy?.upstreams ?? []).map((u) => u.destinationName?.value ?? '');
  return target.proxy.upstreams.map((f) => (f.value ?? '').split(':')[0]);
}

/** A Consul service name as a destination: no spaces, quotes or `:` (the manual flag's separator). */
export function isValidDestination(d: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.\-/]*$/.test(d);
}

/** The edit that adds an upstream to `destination` on a free local port, or why it cannot. */
export function computeUpstreamEdit(doc: NomadDocument, target: UpstreamTarget, destination: string): UpstreamEdit | { error: string } {
  if (!isValidDestination(destination)) return { error: `"${destination}" is not a service name` };
  if (existingUpstreams(target).includes(destination)) return { error: `an upstream to "${destination}" is already declared here` };
  const port = freePort(target.group);
  const b = new EditBuilder(doc.lines, doc.hcl);
  if (target.style === 'native') {
    if (!closed(target.service.block)) return { error: 'finish the service block first: its closing brace is missing' };
    const sidecar = target.service.connect!.sidecarService!;
    const upstream = block('upstreams', attr('destination_name', quote(destination)), attr('local_bind_port', String(port)));
    const proxy = sidecar.proxy;
    const last = proxy?.upstreams[proxy.upstreams.length - 1];
    if (last) b.insertAfter(last.block, [upstream]);
    else if (proxy) b.append(proxy.block, [upstream]);
    else b.append(sidecar.block, [block('proxy', upstream)]);
    return { destination, port, style: 'native', edits: b.edits, wiring: `\${NOMAD_UPSTREAM_ADDR_${cleanEnvVar(destination)}}` };
  }
  const edit = appendFlag(doc, target.proxy, ['-upstream', `${destination}:${port}`]);
  if (!edit) return { error: 'the proxy arguments are not a plain list' };
  return { destination, port, style: 'manual', edits: [edit], wiring: `127.0.0.1:${port}` };
}

/** True when the block and every block inside it have their closing brace. */
function closed(b: HclBlock): boolean {
  return !!b.closeBrace && b.blocks.every(closed);
}

/** Inserts flag items after the proxy's last flag (before positional arguments), in the list's style. */
function appendFlag(doc: NomadDocument, proxy: ManualProxy, values: string[]): TextEdit | undefined {
  const list = proxy.args.attr.value;
  if (list.kind !== 'tuple') return undefined;
  const lastFlag = proxy.flags[proxy.flags.length - 1];
  const anchor: HclString | undefined = lastFlag ? (lastFlag.valueItem ?? lastFlag.item) : proxy.args.items[1];
  if (!anchor) return undefined;
  return insertAfter(doc.lines, list, anchor.range, values);
}
