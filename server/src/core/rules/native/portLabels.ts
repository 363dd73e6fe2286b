import { insertInBlock } from '../../edit/blockEdits';
import { block, quote } from '../../edit/hclText';
import { replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import { strAttr } from '../../model/attrs';
import { groupServices } from '../../model/queries';
import type { Group, Service, StringAttr } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { isDeployable, literal, serviceName } from './groupFacts';

/**
 * NCX-N09: a service `port`, a check `port` or an expose path `listener_port` naming a port
 * label the network does not declare. Nomad does not check group services at submit; the
 * registration fails later ("invalid port … port label not found", "No port of label …
 * defined"). Labels Nomad injects itself (the sidecar's port) count as declared.
 */
export const portLabels = groupRule({
  codes: ['NCX-N09'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group)) return out;
    const injected = injectedLabels(group);
    for (const s of groupServices(group)) {
      const labels = new Set([...declaredLabels(s), ...injected]);
      const check = (a: StringAttr | undefined, what: string, addressMode?: string) => {
        const label = literal(a);
        if (!a || label === undefined || label === '' || /^\d+$/.test(label) || label.includes(':')) return;
        if (addressMode === 'driver' || labels.has(label)) return;
        out.push(finding(ctx.lines, ctx.file.hcl, s, a, label, what, [...labels].filter((l) => !injected.has(l))));
      };
      const serviceMode = strAttr(s.block, 'address_mode')?.value;
      check(s.port?.label !== undefined ? strAttr(s.block, 'port') : undefined, `service \`${serviceName(s)}\``, serviceMode);
      for (const c of s.checks) check(c.portLabel, `a check of service \`${serviceName(s)}\``, strAttr(c.block, 'address_mode')?.value ?? serviceMode);
      for (const p of s.connect?.sidecarService?.proxy?.expose?.paths ?? []) check(p.listenerPort, `an expose path of service \`${serviceName(s)}\``);
    }
    return out;
  },
});

/** Labels a service may use: its group's network ports, plus its task's legacy network ports. */
function declaredLabels(s: Service): string[] {
  const nets = [...s.group.networks, ...(s.ownerTask?.networks ?? [])];
  return nets.flatMap((n) => n.ports.map((p) => p.label));
}

/** Ports Nomad adds to the group for sidecars: `sidecar_service.port`, else `connect-proxy-<service>`. */
function injectedLabels(group: Group): Set<string> {
  const out = new Set<string>();
  for (const s of group.services) {
    const sidecar = s.connect?.sidecarService;
    if (!sidecar) continue;
    out.add(sidecar.port?.value || `connect-proxy-${serviceName(s)}`);
  }
  return out;
}

function finding(lines: LineIndex, root: HclBlock, s: Service, a: StringAttr, label: string, what: string, known: string[]): Finding {
  const network = s.group.networks.length === 1 ? s.group.networks[0] : undefined;
  const fixes: Fix[] = [];
  const similar = known.find((k) => k.toLowerCase() === label.toLowerCase()) ?? known.find((k) => distance(k, label) <= 2);
  if (similar) fixes.push({ title: `Use the declared port "${similar}"`, isPreferred: true, edits: [replace(a.attr.value.range, quote(similar))] });
  if (network) {
    const edits = insertInBlock(lines, root, network.block, [block(`port ${quote(label)}`)], 'end');
    if (edits) fixes.push({ title: `Declare port "${label}" in the group network`, edits });
  }
  const declared = known.length ? `declares ${known.map((k) => `"${k}"`).join(', ')}` : 'declares no ports';
  return {
    code: 'NCX-N09',
    severity: 'error',
    message: `${capitalize(what)} uses port "${label}", but the network of group \`${s.group.name}\` ${declared}; ${s.level === 'task' ? 'Nomad rejects the job ("port label … does not exist")' : 'the registration fails when the allocation starts'}.`,
    range: a.attr.value.range,
    related: network ? [{ range: network.block.typeRange, message: `the network of group \`${s.group.name}\`` }] : undefined,
    fixes,
  };
}

function capitalize(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Levenshtein distance, for "did you mean" suggestions among a handful of labels. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}
