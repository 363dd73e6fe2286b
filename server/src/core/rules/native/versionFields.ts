import { removeCode } from '../../edit/lines';
import type { HclAttribute, HclBlock } from '../../hcl/ast';
import { attr, firstBlock } from '../../model/attrs';
import { groupServices } from '../../model/queries';
import type { Service } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Range } from '../../types';
import { atLeast, formatVersion, type Version } from '../../version';
import { groupRule } from '../rule';
import { isDeployable } from './groupFacts';

/**
 * NCX-N14 (fields): Connect fields and blocks the target Nomad version does not know yet
 * (domain C.1 version table), which its parser rejects as unsupported, and
 * `sidecar_task { lifecycle }`, which no version accepts although the docs show it
 * (nomad#17039). Only the outermost unsupported item is reported.
 */
export const versionFields = groupRule({
  codes: ['NCX-N14'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (isDeployable(group)) for (const s of groupServices(group)) out.push(...checkService(ctx.lines, s, ctx.nomadVersion));
    return out;
  },
});

/** Upstream attributes and the release that added each. */
const UPSTREAM_FIELDS: [string, string, string?][] = [
  ['datacenter', '1.0'],
  ['local_bind_address', '1.1', 'nomad#10057'],
  ['destination_namespace', '1.4'],
  ['destination_peer', '1.7'],
  ['destination_type', '1.7'],
  ['local_bind_socket_path', '1.7'],
  ['local_bind_socket_mode', '1.7'],
  ['destination_partition', '1.8'],
];

function checkService(lines: LineIndex, s: Service, v: Version): Finding[] {
  const out: Finding[] = [];
  const tooNew = (item: HclAttribute | HclBlock, what: string, since: string, issue?: string) => {
    if (atLeast(v, since)) return false;
    const [range, key] = 'type' in item ? [item.typeRange, item.type] : [item.nameRange, item.name];
    out.push(finding(lines, item.range, range, `${what} needs Nomad ${since} or newer, but the target is Nomad ${formatVersion(v)}, whose parser rejects it${issue ? ` (${issue})` : ''}.`, key));
    return true;
  };

  for (const check of s.checks) {
    const expose = attr(check.block, 'expose');
    if (expose) tooNew(expose, 'A check\'s `expose`', '0.11');
  }
  const c = s.connect;
  if (!c || tooNew(c.block, '`connect`', '0.10')) return out;

  if (c.gateway && !tooNew(c.gateway, '`gateway`', '1.0')) {
    const terminating = firstBlock(c.gateway, 'terminating');
    if (terminating) tooNew(terminating, 'A terminating `gateway`', '1.1');
  }
  if (c.sidecarTask) {
    const lifecycle = firstBlock(c.sidecarTask, 'lifecycle');
    if (lifecycle)
      out.push(
        finding(
          lines,
          lifecycle.range,
          lifecycle.typeRange,
          '`sidecar_task` has no `lifecycle` block in any Nomad version, although the docs show one (nomad#17039); Nomad rejects the job. The proxy always runs as a prestart sidecar.',
          'lifecycle',
        ),
      );
  }
  const proxy = c.sidecarService?.proxy;
  if (!proxy) return out;
  if (proxy.expose) tooNew(proxy.expose.block, '`expose`', '0.11');
  if (proxy.transparentProxy) tooNew(proxy.transparentProxy, '`transparent_proxy`', '1.8');
  for (const u of proxy.upstreams) {
    for (const [name, since, issue] of UPSTREAM_FIELDS) {
      const a = attr(u.block, name);
      if (a) tooNew(a, `\`${name}\``, since, issue);
    }
    if (u.meshGateway) tooNew(u.meshGateway, '`mesh_gateway`', '1.2');
    const config = attr(u.block, 'config') ?? firstBlock(u.block, 'config');
    if (config) tooNew(config, 'An upstream\'s `config`', '1.5');
  }
  return out;
}

function finding(lines: LineIndex, whole: Range, range: Range, message: string, key: string): Finding {
  return {
    code: 'NCX-N14',
    severity: 'error',
    message,
    range,
    fixes: [{ title: `Remove \`${key}\``, edits: [removeCode(lines, whole)] }],
  };
}
