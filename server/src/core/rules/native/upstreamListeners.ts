import { replace } from '../../edit/lines';
import { freePort, groupPorts, upstreamsOf } from '../../model/queries';
import type { Group, Upstream } from '../../model/types';
import type { Finding, Fix, Range } from '../../types';
import { atLeast, type Version } from '../../version';
import { groupRule } from '../rule';
import { isDeployable, literal, namespacePort, serviceName, upstreamName } from './groupFacts';

/**
 * Where upstream listeners bind, inside the group's one network namespace.
 *
 * NCX-N05: two upstreams on the same address:port (or socket path). Nomad compares the
 * literal `local_bind_address:local_bind_port` strings across the group (V6, since 1.1.2) and
 * rejects the job. Consul, registering one sidecar, also treats an empty address as 127.0.0.1
 * and rejects duplicates within that sidecar. Two services whose upstreams differ only in that
 * spelling pass both checks, yet their listeners still collide in the namespace: a warning.
 *
 * NCX-N07: an upstream port equal to a port the group already uses in the namespace (a `to`,
 * a `static` without `to`, or a numeric service port): the app or the sidecar holds it
 * (consul#11571).
 */
export const upstreamListeners = groupRule({
  codes: ['NCX-N05', 'NCX-N07'],
  checkGroup(group, ctx) {
    if (!isDeployable(group)) return [];
    return [...duplicates(group, ctx.nomadVersion), ...portClashes(group)];
  },
});

interface Listener {
  upstream: Upstream;
  /** As Nomad compares it. */
  exact: string;
  /** As Consul binds it. */
  bound: string;
  display: string;
  range: Range;
}

function listenerOf(u: Upstream): Listener | undefined {
  if (u.localBindSocketPath) {
    const path = literal(u.localBindSocketPath);
    if (path === undefined) return undefined;
    return { upstream: u, exact: `unix:${path}`, bound: `unix:${path}`, display: `socket ${path}`, range: u.localBindSocketPath.attr.value.range };
  }
  if (!u.localBindPort || u.localBindPort.value <= 0) return undefined;
  const addr = u.localBindAddress ? literal(u.localBindAddress) : '';
  if (addr === undefined) return undefined;
  const port = u.localBindPort.value;
  const host = addr || '127.0.0.1';
  return { upstream: u, exact: `${addr}:${port}`, bound: `${host}:${port}`, display: `${host}:${port}`, range: u.localBindPort.attr.value.range };
}

function duplicates(group: Group, version: Version): Finding[] {
  const out: Finding[] = [];
  const exact = new Map<string, Listener>();
  const bound = new Map<string, Listener>();
  for (const u of upstreamsOf(group)) {
    const l = listenerOf(u);
    if (!l) continue;
    const sameLiteral = exact.get(l.exact);
    const first = sameLiteral ?? bound.get(l.bound);
    if (first) {
      const sameService = first.upstream.service === u.service;
      const nomadRejects = !!sameLiteral && atLeast(version, '1.1.2');
      const severity = sameService || nomadRejects ? 'error' : 'warning';
      const where = sameService ? 'in the same service' : `in service \`${serviceName(first.upstream.service)}\``;
      const why = nomadRejects
        ? 'Nomad rejects the job ("using same address for upstreams")'
        : sameService
          ? 'Consul rejects the sidecar registration (an empty address means 127.0.0.1; "upstreams cannot contain duplicates by local bind address and port")'
          : 'Nomad does not compare these two spellings, but both listeners share the group\'s network namespace, so one of them cannot bind';
      out.push({
        code: 'NCX-N05',
        severity,
        message: `upstream \`${upstreamName(u)}\` binds ${l.display}, which upstream \`${upstreamName(first.upstream)}\` ${where} already uses; ${why}.`,
        range: l.range,
        related: [{ range: first.range, message: `upstream \`${upstreamName(first.upstream)}\` binds ${first.display} here` }],
        fixes: u.localBindPort && !u.localBindSocketPath ? [freePortFix(group, u)] : undefined,
      });
    }
    if (!exact.has(l.exact)) exact.set(l.exact, l);
    if (!bound.has(l.bound)) bound.set(l.bound, l);
  }
  return out;
}

function portClashes(group: Group): Finding[] {
  const taken = new Map<number, { range: Range; what: string }>();
  for (const p of groupPorts(group)) {
    const ns = namespacePort(p);
    if (ns && !taken.has(ns.port)) taken.set(ns.port, { range: ns.range, what: `port "${p.label}" (${ns.attr} = ${ns.port}) maps into the group's network namespace` });
  }
  for (const s of group.services)
    if (s.port?.number !== undefined && !taken.has(s.port.number))
      taken.set(s.port.number, { range: s.port.attr.value.range, what: `service \`${serviceName(s)}\` says its app listens on ${s.port.number}` });

  const out: Finding[] = [];
  for (const u of upstreamsOf(group)) {
    if (!u.localBindPort || u.localBindSocketPath) continue;
    const clash = taken.get(u.localBindPort.value);
    if (!clash) continue;
    out.push({
      code: 'NCX-N07',
      severity: 'warning',
      message: `upstream \`${upstreamName(u)}\` listens on port ${u.localBindPort.value}, but ${clash.what}; the upstream listener and whatever binds that port clash in the namespace (consul#11571).`,
      range: u.localBindPort.attr.value.range,
      related: [{ range: clash.range, message: clash.what }],
      fixes: [freePortFix(group, u)],
    });
  }
  return out;
}

function freePortFix(group: Group, u: Upstream): Fix {
  const port = freePort(group, u.localBindPort!.value + 1);
  return { title: `Use free port ${port} for upstream \`${upstreamName(u)}\``, isPreferred: true, edits: [replace(u.localBindPort!.attr.value.range, String(port))] };
}
