import { ConsulError } from './errors';

/**
 * Intention source/destination names: `name`, `ns/name` or `partition/ns/name` (domain.md §D.1).
 * `*` is only valid as a whole component, and a specific name cannot follow a wildcard namespace.
 */
export interface ParsedName {
  partition?: string;
  namespace?: string;
  name: string;
}

export function parseIntentionName(value: string, role: 'source' | 'destination'): ParsedName {
  const bad = (why: string) => new ConsulError('bad-name', `Bad ${role} name "${value}": ${why}.`);
  if (value.trim() === '') throw bad('it is empty');
  if (/\s/.test(value)) throw bad('it contains whitespace');
  const parts = value.split('/');
  if (parts.length > 3) throw bad('use name, namespace/name or partition/namespace/name');
  if (parts.some((p) => p === '')) throw bad('a part between slashes is empty');
  for (const p of parts) if (p.includes('*') && p !== '*') throw bad('"*" is only allowed as a whole name, not as part of one');
  const name = parts[parts.length - 1];
  const namespace = parts.length >= 2 ? parts[parts.length - 2] : undefined;
  if (namespace === '*' && name !== '*') throw bad('a specific name cannot follow a wildcard namespace');
  return { partition: parts.length === 3 ? parts[0] : undefined, namespace, name };
}
