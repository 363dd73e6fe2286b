import { insertInBlock } from '../../edit/blockEdits';
import { attr, block, quote } from '../../edit/hclText';
import { replace } from '../../edit/lines';
import type { HclBlock } from '../../hcl/ast';
import { strAttr } from '../../model/attrs';
import { groupPorts } from '../../model/queries';
import type { Service } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Finding, Fix } from '../../types';
import { groupRule } from '../rule';
import { isDeployable, serviceName } from './groupFacts';

/**
 * NCX-N08: a sidecar service registered with `port = "<label>"` where that label maps a host
 * port to a different `to` port. Nomad registers the host port, Consul uses it as the proxy's
 * `local_service_port`, and Envoy dials that port inside the namespace where nothing listens
 * ("connect error: 111"; nomad#9824, #9996, #6337, #7229, #20010).
 */
export const localServicePort = groupRule({
  codes: ['NCX-N08'],
  checkGroup(group, ctx) {
    const out: Finding[] = [];
    if (!isDeployable(group)) return out;
    for (const s of group.services) {
      const f = checkService(ctx.lines, ctx.file.hcl, s);
      if (f) out.push(f);
    }
    return out;
  },
});

function checkService(lines: LineIndex, root: HclBlock, s: Service): Finding | undefined {
  const sidecar = s.connect?.sidecarService;
  const label = s.port?.label;
  if (!sidecar || !label || sidecar.proxy?.localServicePort) return undefined;
  // alloc/driver address modes register the in-namespace port already.
  const mode = strAttr(s.block, 'address_mode')?.value;
  if (mode === 'alloc' || mode === 'driver') return undefined;
  const port = groupPorts(s.group).find((p) => p.label === label);
  if (!port?.to || port.to.value <= 0 || port.static?.value === port.to.value) return undefined;
  const to = port.to.value;
  const host = port.static ? `host port ${port.static.value}` : 'a dynamic host port';
  const fixes: Fix[] = [];
  const setLocal = localServicePortEdit(lines, root, s, to);
  if (setLocal) fixes.push({ title: `Set \`local_service_port = ${to}\` in the proxy`, isPreferred: true, edits: setLocal });
  fixes.push({ title: `Register the in-namespace port: \`port = "${to}"\``, edits: [replace(s.port!.attr.value.range, quote(String(to)))] });
  return {
    code: 'NCX-N08',
    severity: 'warning',
    message: `Service \`${serviceName(s)}\` registers port "${label}", which is ${host} mapped to ${to} inside the namespace; Consul passes the host port to Envoy as the local service port, so the sidecar dials a port the app does not listen on. Set \`local_service_port = ${to}\` or use \`port = "${to}"\`.`,
    range: s.port!.attr.value.range,
    related: [{ range: port.to.attr.range, message: `port "${label}" maps to ${to} inside the namespace` }],
    fixes,
  };
}

/** Adds `local_service_port` to the proxy, creating the `proxy` block when there is none. */
function localServicePortEdit(lines: LineIndex, root: HclBlock, s: Service, to: number) {
  const sidecar = s.connect!.sidecarService!;
  if (sidecar.proxy) return insertInBlock(lines, root, sidecar.proxy.block, [attr('local_service_port', String(to))]);
  return insertInBlock(lines, root, sidecar.block, [block('proxy', attr('local_service_port', String(to)))]);
}
