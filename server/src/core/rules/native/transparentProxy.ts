import { insertInBlock } from '../../edit/blockEdits';
import { attr as hclAttr } from '../../edit/hclText';
import type { HclBlock } from '../../hcl/ast';
import { attr, boolAttr, firstBlock } from '../../model/attrs';
import { groupPorts, groupServices } from '../../model/queries';
import type { Group, Service } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding } from '../../types';
import { atLeast } from '../../version';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N14 (transparent proxy): the group rules Nomad enforces once a sidecar uses
 * `transparent_proxy` (V14, 1.8): it must be the group's only `connect` block; a network
 * `dns` block needs `no_dns = true`; `exclude_inbound_ports` entries must be port numbers or
 * labels of static ports. Before 1.8 the block itself is reported by the version check.
 */
export const transparentProxy = groupRule({
  codes: ['NCX-N14'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!atLeast(ctx.nomadVersion, '1.8') || !isDeployable(group)) return out;
    for (const s of group.services) {
      const tproxy = s.connect?.sidecarService?.proxy?.transparentProxy;
      if (tproxy) out.push(...checkService(ctx.lines, ctx.file.hcl, group, s, tproxy));
    }
    return out;
  },
});

function n14(message: string, range: Finding['range'], rest: Partial<Finding> = {}): Finding {
  return { code: 'NCX-N14', severity: 'error', message, range, ...rest };
}

function checkService(lines: LineIndex, root: HclBlock, group: Group, s: Service, tproxy: HclBlock): Finding[] {
  const out: Finding[] = [];
  const name = serviceName(s);
  const others = groupServices(group).filter((o) => o !== s && o.connect);
  if (others.length > 0)
    out.push(
      n14(`Service \`${name}\` uses a transparent proxy, which must be the only \`connect\` block of group \`${group.name}\`, but the group has ${others.length + 1}; Nomad rejects the job.`, tproxy.typeRange, {
        related: others.map((o) => ({ range: o.connect!.block.typeRange, message: `another \`connect\` block, of service \`${serviceName(o)}\`` })),
      }),
    );

  const dns = group.networks.map((n) => firstBlock(n.block, 'dns')).find((d) => d);
  if (dns && !boolAttr(tproxy, 'no_dns')?.value) {
    const edits = insertInBlock(lines, root, tproxy, [hclAttr('no_dns', 'true')]);
    out.push(
      n14(`The group network sets \`dns\`, so the transparent proxy of service \`${name}\` must set \`no_dns = true\`; otherwise Nomad rejects the job, as both would configure the task's DNS.`, tproxy.typeRange, {
        related: [{ range: dns.typeRange, message: 'the network `dns` block' }],
        fixes: edits ? [{ title: 'Add `no_dns = true`', isPreferred: true, edits }] : undefined,
      }),
    );
  }

  const excluded = attr(tproxy, 'exclude_inbound_ports');
  if (excluded?.value.kind === 'tuple') {
    const ports = groupPorts(group);
    for (const item of excluded.value.items) {
      if (item.kind !== 'string' || item.str.isTemplate) continue;
      const label = item.str.value;
      if (/^\d+$/.test(label)) continue;
      const port = ports.find((p) => p.label === label);
      if (port?.static) continue;
      out.push(
        n14(
          port
            ? `\`exclude_inbound_ports\` lists port "${label}", which is dynamic; Nomad accepts only port numbers and labels of static ports here and rejects the job.`
            : `\`exclude_inbound_ports\` lists "${label}", which is neither a port number nor a port label of group \`${group.name}\`; Nomad rejects the job.`,
          item.range,
          { related: port ? [{ range: port.labelRange, message: `port "${label}" has no \`static\` value` }] : undefined },
        ),
      );
    }
  }
  return out;
}
