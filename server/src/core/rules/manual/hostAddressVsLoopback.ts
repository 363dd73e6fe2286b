import { groupInterpolations } from '../../model/queries';
import type { Interpolation, ManualProxy, Port } from '../../model/types';
import type { Finding, Fix } from '../../types';
import type { Version } from '../../version';
import { groupRule } from '../rule';
import { classifyHost } from './address';
import { appBinds } from './appBind';
import { appTasks, loopbackReplacement, serviceAddrTarget } from './appTarget';
import { describePort, loopbackFor, resolvePortVar } from './portVars';
import { configuredElsewhere, groupProxies, showFlag, valueSubRange } from './proxies';
import { type ParsedUpstream, parseUpstreams, upstreamRange } from './upstreams';

const DEV_EXCEPTION =
  '(Only on a client whose `network_interface` is loopback, as `nomad agent -dev` sets, is the host IP 127.0.0.1, and there the two happen to meet.)';

/**
 * NCX-L08: `NOMAD_ADDR_*`/`NOMAD_IP_*` carry the client's host IP (domain.md §B.1), which never
 * meets a loopback listener (§A.4): an app dialing a proxy upstream that way, or `-service-addr`
 * pointing that way at an app bound to 127.0.0.1.
 */
export const hostAddressVsLoopback = groupRule({
  codes: ['NCX-L08'],
  checkGroup(group, { nomadVersion }) {
    const proxies = groupProxies(group);
    if (proxies.length === 0) return [];
    return [...proxies.flatMap((p) => serviceAddrFinding(p, nomadVersion)), ...consumerFindings(proxies, groupInterpolations(group), nomadVersion)];
  },
});

function serviceAddrFinding(proxy: ManualProxy, version: Version): Finding[] {
  const flag = proxy.serviceAddr;
  const target = serviceAddrTarget(proxy, version);
  if (!flag || !target?.hostVar || configuredElsewhere(proxy)) return [];
  const bind = appTasks(proxy)
    .flatMap((t) => appBinds(t, version))
    .find((b) => b.port === target.port && b.kind === 'loopback');
  if (!bind) return [];
  const { span, portVar } = target.hostVar;
  const range = valueSubRange(flag, span.start, span.end);
  const replacement = loopbackReplacement(target);
  const written = flag.value!.slice(span.start, span.end);
  const what = portVar.kind === 'ADDR' ? 'the host IP:port' : 'the host IP';
  return [
    {
      code: 'NCX-L08',
      severity: 'warning',
      message:
        `\`${showFlag(flag)}\` in task \`${proxy.task.name}\` is ${what} of ${describePort(target.port)}, ` +
        `but task \`${bind.task.name}\` binds \`${bind.address}\` (loopback): inbound connections are forwarded to an ` +
        `address nothing listens on. Use \`${replacement}\` instead of \`${written}\`. ${DEV_EXCEPTION}`,
      range,
      related: [{ range: bind.range, message: `task \`${bind.task.name}\` binds loopback here` }],
      fixes: [{ title: `Replace \`${written}\` with \`${replacement}\``, edits: [{ range, newText: replacement }], isPreferred: true }],
    },
  ];
}

function consumerFindings(proxies: readonly ManualProxy[], interpolations: Interpolation[], version: Version): Finding[] {
  const loopbackUpstreams = new Map<Port, { proxy: ManualProxy; up: ParsedUpstream }>();
  for (const proxy of proxies) {
    for (const up of parseUpstreams(proxy)) {
      if (up.error || (up.host !== undefined && !['empty', 'loopback'].includes(classifyHost(up.host)))) continue;
      const m = /^\$\{\s*([^}]*?)\s*\}$/.exec(up.port);
      const pv = m && resolvePortVar(m[1], proxy.task, version);
      if (pv?.kind === 'PORT' && !loopbackUpstreams.has(pv.port)) loopbackUpstreams.set(pv.port, { proxy, up });
    }
  }
  if (loopbackUpstreams.size === 0) return [];
  const byStart = new Map(interpolations.map((i) => [`${i.outerRange.start.line}:${i.outerRange.start.character}`, i]));
  // A host IP alone may serve other ends (e.g. the Consul agent on :8500); it dials the upstream
  // only when the same port follows: `${NOMAD_IP_x}:${NOMAD_PORT_x}`.
  const portFollows = (i: Interpolation, port: Port) => {
    const next = byStart.get(`${i.outerRange.end.line}:${i.outerRange.end.character + 1}`);
    return !!next && next.task === i.task && resolvePortVar(next.name, next.task!, version)?.port === port;
  };
  const out: Finding[] = [];
  for (const i of interpolations) {
    const task = i.task;
    if (!task || !['env', 'config', 'template'].includes(i.context)) continue;
    // `${…}` in template data is consul-template text, not a Nomad interpolation.
    if (i.context === 'template' && i.kind === 'interpolation' && i.attribute === 'data') continue;
    const pv = resolvePortVar(i.name, task, version);
    const hit = pv && pv.kind !== 'PORT' ? loopbackUpstreams.get(pv.port) : undefined;
    if (!pv || !hit || (task === hit.proxy.task && i.context === 'config')) continue;
    if (pv.kind === 'IP' && !portFollows(i, pv.port)) continue;
    const { proxy, up } = hit;
    const replacement = loopbackFor(pv);
    const written = i.kind === 'interpolation' ? `\${${i.name}}` : `{{ env "${i.name}" }}`;
    const what = pv.kind === 'ADDR' ? 'the host IP:port' : 'the host IP';
    const fixes: Fix[] =
      i.kind === 'interpolation'
        ? [{ title: `Replace \`${written}\` with \`${replacement}\``, edits: [{ range: i.outerRange, newText: replacement }], isPreferred: true }]
        : [];
    out.push({
      code: 'NCX-L08',
      severity: 'warning',
      message:
        `task \`${task.name}\` dials \`${written}\`, ${what} of ${describePort(pv.port)}, but the proxy's upstream ` +
        `\`${up.name}\` (\`${showFlag(up.flag)}\`) listens on ${up.host ? up.host : '127.0.0.1'} only: the connection goes to the ` +
        `host IP and is refused. Use \`${replacement}\`${pv.kind === 'ADDR' ? '' : ` as the host`}. ${DEV_EXCEPTION}`,
      range: i.kind === 'interpolation' ? i.outerRange : i.range,
      related: [{ range: upstreamRange(up, { start: 0, end: up.flag.value!.length }), message: `upstream \`${up.name}\` of task \`${proxy.task.name}\` listens on loopback` }],
      fixes,
    });
  }
  return out;
}
