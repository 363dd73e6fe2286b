import { EditBuilder, insertInBlock } from '../../edit/blockEdits';
import { attr, block } from '../../edit/hclText';
import { replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import type { Group, Service } from '../../model/types';
import type { LineIndex } from '../../text';
import { comparePositions, type Finding, type Fix, type TextEdit } from '../../types';
import { atLeast, formatVersion, type Version } from '../../version';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N02: a Connect sidecar (or gateway) needs exactly one group network (V3), in bridge mode
 * (V4); `cni/*` is accepted from Nomad 1.11, and gateways may also use host networking.
 * Nomad rejects the job otherwise.
 */
export const sidecarNetwork = groupRule({
  codes: ['NCX-N02'],
  checkGroup(group, ctx) {
    const finding = isDeployable(group) ? checkNetwork(ctx.lines, ctx.file.hcl, group, ctx.nomadVersion) : undefined;
    return finding ? [finding] : [];
  },
});

function checkNetwork(lines: LineIndex, root: HclBlock, group: Group, version: Version): Finding | undefined {
  const sidecar = group.services.find((s) => s.connect?.sidecarService);
  const gateway = group.services.find((s) => s.connect?.gateway);
  const first = sidecar ?? gateway;
  if (!first) return undefined;
  const what = sidecar ? `the Connect sidecar of service \`${serviceName(sidecar)}\`` : `Connect gateway \`${serviceName(gateway!)}\``;
  const cni = atLeast(version, '1.11');
  const allowed = `"bridge"${gateway && !sidecar ? ' or "host"' : ''}${cni ? ' (or "cni/…")' : ''}`;
  const nets = group.networks;

  if (nets.length === 0) {
    const anchor = [...group.services.map((s) => s.block), ...group.tasks.map((t) => t.block)].sort((a, b) => comparePositions(a.range.start, b.range.start))[0];
    return {
      code: 'NCX-N02',
      severity: 'error',
      message: `${what} needs exactly one network in group \`${group.name}\`, in mode ${allowed}, but the group declares none; Nomad rejects the job.`,
      range: keyword(first),
      related: [{ range: group.nameRange, message: `group \`${group.name}\` has no \`network\` block` }],
      fixes: [{ title: `Add \`network { mode = "bridge" }\` to group \`${group.name}\``, isPreferred: true, edits: networkBefore(lines, root, anchor) }],
    };
  }
  if (nets.length > 1) {
    return {
      code: 'NCX-N02',
      severity: 'error',
      message: `${what} needs exactly one network in group \`${group.name}\`, but the group declares ${nets.length}; Nomad rejects the job.`,
      range: nets[1].block.typeRange,
      related: [{ range: nets[0].block.typeRange, message: 'the first network of the group' }],
    };
  }

  const net = nets[0];
  const mode = net.mode;
  if (mode && (!mode.str || mode.str.isTemplate)) return undefined;
  const value = mode?.value ?? 'host';
  if (value === 'bridge' || (value === 'host' && gateway && !sidecar)) return undefined;
  if (value.startsWith('cni/') && cni) return undefined;
  const why = value.startsWith('cni/')
    ? `\`${value}\` networks carry Connect sidecars only from Nomad 1.11, and the target is ${formatVersion(version)}`
    : mode
      ? `network mode "${value}" cannot carry it`
      : 'the network has no `mode`, so it is "host", which cannot carry it';
  let fix: Fix | undefined;
  if (mode) fix = { title: 'Set the network mode to "bridge"', isPreferred: true, edits: [replace(mode.attr.value.range, '"bridge"')] };
  else {
    const edits = insertInBlock(lines, root, net.block, [attr('mode', '"bridge"')]);
    if (edits) fix = { title: 'Add `mode = "bridge"` to the network', isPreferred: true, edits };
  }
  return {
    code: 'NCX-N02',
    severity: 'error',
    message: `${what} needs the group network in mode ${allowed}; ${why}. Nomad rejects the job.`,
    range: mode ? mode.attr.value.range : net.block.typeRange,
    related: [{ range: keyword(first), message: `${sidecar ? 'sidecar' : 'gateway'} of service \`${serviceName(first)}\`` }],
    fixes: fix ? [fix] : undefined,
  };
}

/** A bridge network in front of `anchor` (and the comments above it). */
function networkBefore(lines: LineIndex, root: HclBlock, anchor: HclBlock): TextEdit[] {
  const b = new EditBuilder(lines, root);
  b.insertBefore(anchor, [block('network', attr('mode', '"bridge"'))]);
  return b.edits;
}

function keyword(s: Service) {
  const c = s.connect!;
  return (c.sidecarService?.block ?? c.gateway!).typeRange;
}
