import { groupPorts, taskPorts } from '../../model/queries';
import type { ManualProxy, Port, Task } from '../../model/types';
import type { Version } from '../../version';
import { classifyHost, type HostKind, interpolationsIn, type Span, splitHostPort } from './address';
import { appBinds } from './appBind';
import { loopbackFor, portVarName, type PortVar, resolvePortVar } from './portVars';

/** The app a proxy fronts: the tasks of its group that are not proxies themselves. */
export function appTasks(proxy: ManualProxy): Task[] {
  return proxy.task.group.tasks.filter((t) => !t.proxy);
}

/**
 * The port `-service-addr` should point at when the file does not say: the one port an app
 * task binds, else the one port app tasks declare, else the one group port the proxy does not
 * use itself. Undefined when that is ambiguous.
 */
export function guessAppPort(proxy: ManualProxy, version: Version): { port: Port; portVar: string } | undefined {
  const apps = appTasks(proxy);
  const pick = (ports: Port[]) => {
    const unique = [...new Set(ports)];
    return unique.length === 1 ? unique[0] : undefined;
  };
  const usedByProxy = new Set(
    proxy.args.items.flatMap((s) => s.interpolations.map((i) => resolvePortVar(i.text, proxy.task, version)?.port).filter((p) => p !== undefined)),
  );
  const port =
    pick(apps.flatMap((t) => appBinds(t, version).map((b) => b.port))) ??
    pick(apps.flatMap(taskPorts)) ??
    pick(groupPorts(proxy.task.group).filter((p) => !usedByProxy.has(p)));
  const portVar = port && portVarName('PORT', port, proxy.task, version);
  return port && portVar ? { port, portVar } : undefined;
}

/** What `-service-addr` points at, when its port is a Nomad port variable. */
export interface ServiceAddrTarget {
  port: Port;
  hostKind: HostKind;
  /** The variable that carries the host IP: `${NOMAD_ADDR_…}` (whole value) or `${NOMAD_IP_…}` (host part). */
  hostVar?: { span: Span; portVar: PortVar };
}

export function serviceAddrTarget(proxy: ManualProxy, version: Version): ServiceAddrTarget | undefined {
  const value = proxy.serviceAddr?.value;
  if (value === undefined) return undefined;
  const scope = proxy.task;
  const interps = interpolationsIn(value);
  if (interps.length === 1 && interps[0].start === 0 && interps[0].end === value.length) {
    const pv = resolvePortVar(interps[0].name, scope, version);
    if (pv?.kind !== 'ADDR') return undefined;
    return { port: pv.port, hostKind: 'hostIp', hostVar: { span: interps[0], portVar: pv } };
  }
  const hp = splitHostPort(value);
  if (!hp) return undefined;
  const portInterp = interps.find((i) => i.start === hp.portSpan.start && i.end === hp.portSpan.end);
  const pv = portInterp && resolvePortVar(portInterp.name, scope, version);
  if (pv?.kind !== 'PORT') return undefined;
  const hostKind = classifyHost(hp.host);
  const hostInterp = interps.find((i) => i.start === hp.hostSpan.start && i.end === hp.hostSpan.end);
  const hostPv = hostInterp && resolvePortVar(hostInterp.name, scope, version);
  return { port: pv.port, hostKind, hostVar: hostPv?.kind === 'IP' ? { span: hostInterp!, portVar: hostPv } : undefined };
}

/** The text that replaces a host-IP variable of `-service-addr` to point at loopback instead. */
export function loopbackReplacement(target: ServiceAddrTarget): string {
  return loopbackFor(target.hostVar!.portVar);
}
