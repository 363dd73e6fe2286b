import type { Group, Port, Service, Upstream } from '../../model/types';
import type { Range } from '../../types';

/** Facts about a group (its ports, sidecars, upstreams) and names for messages, shared by the native Connect rules. */

/**
 * The groups the rules judge: every task names a `driver`, and there is a task — or a Connect
 * gateway (whose task Nomad adds) with its network. Nomad rejects any other group outright
 * ("Missing tasks for task group", "Missing task driver"), so such a group is a fragment — a
 * docs snippet, a parser fixture, a job still being typed — whose parts are not all there yet.
 */
export function isDeployable(g: Group): boolean {
  const hasTask = g.tasks.length > 0 || (g.networks.length > 0 && g.services.some((s) => s.connect?.gateway));
  return hasTask && g.tasks.every((t) => t.block.attributes.some((a) => a.name === 'driver'));
}

/**
 * The port a group port occupies inside the namespace: `to` when set (> 0), else `static`
 * (`to` omitted or -1 maps the host port to the same number). A dynamic port without `to`
 * has no number known before scheduling.
 */
export function namespacePort(p: Port): { port: number; range: Range; attr: 'to' | 'static' } | undefined {
  if (p.to && p.to.value > 0) return { port: p.to.value, range: p.to.attr.value.range, attr: 'to' };
  if (p.static && p.static.value > 0) return { port: p.static.value, range: p.static.attr.value.range, attr: 'static' };
  return undefined;
}

/** The name Nomad registers a service under, for messages (its default when `name` is unset). */
export function serviceName(s: Service): string {
  if (s.name) return s.name.value;
  return s.ownerTask ? `${s.group.job.name}-${s.group.name}-${s.ownerTask.name}` : `${s.group.job.name}-${s.group.name}`;
}

export function upstreamName(u: Upstream): string {
  return u.destinationName?.value || '(no destination_name)';
}

/** The value of a string attribute when it is a plain literal (no `${…}`), else undefined. */
export function literal(attr: { value: string; str?: { isTemplate: boolean } } | undefined): string | undefined {
  if (!attr?.str || attr.str.isTemplate) return undefined;
  return attr.value;
}
