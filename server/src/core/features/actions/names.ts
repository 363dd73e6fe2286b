import { groupPorts, taskPorts } from '../../model/queries';
import type { Group } from '../../model/types';

/** Names, labels and ports for code actions that never collide with what the file already has. */

/** `base`, else `base-2`, `base-3`, … (`sep` joins the number). */
export function uniqueName(base: string, taken: Iterable<string>, sep = '-'): string {
  const set = new Set(taken);
  if (!set.has(base)) return base;
  for (let i = 2; ; i++) if (!set.has(`${base}${sep}${i}`)) return `${base}${sep}${i}`;
}

/** Nomad's `helper.CleanEnvVar`: keeps `[A-Za-z0-9_.]`, everything else becomes `_` (domain B.2). */
export function cleanEnvVar(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_');
}

/** A Consul service name from a task name: lowercase RFC 1123 (V1, V5). */
export function serviceNameFrom(name: string): string {
  const s = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s || 'app';
}

/** Every port label declared in the group, at group or task level. */
export function portLabels(group: Group): string[] {
  return [...groupPorts(group), ...group.tasks.flatMap(taskPorts)].map((p) => p.label);
}
