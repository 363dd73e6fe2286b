import type { HclBlock } from '../hcl/ast';
import type { Group, Interpolation, Job, NomadFile } from './types';

/**
 * Incremental model: after an edit, hcl/reuse.ts hands the untouched group blocks of the old view
 * over as the very same objects. Such a group's model is kept too, and with it every cache keyed
 * by the Group object (the runtime-variable catalogs, the port label references), so an edit
 * costs the model and caches of the group it touched only.
 *
 * A kept group must equal a fresh build. Its model reads its own block, and its positions are
 * those of the view, except for a few ranges derived from string contents (template `env`
 * names, manual proxy flags). So a group is kept only when its block is the same object, has
 * not been moved by the edit (same start and end), and what it reads outside its block is
 * unchanged: the job's name and meta (the catalogs list `NOMAD_META_*` of the job). Its `job`
 * is then pointed at the new Job.
 */

const stamps = new WeakMap<Group, string>();
const interpolationsOf = new WeakMap<Group, Interpolation[]>();

/** The groups of the previous version's model, by their view block. */
export function previousGroups(previous: NomadFile | undefined): Map<HclBlock, Group> | undefined {
  if (!previous) return undefined;
  const map = new Map<HclBlock, Group>();
  for (const job of previous.jobs) for (const g of job.groups) map.set(g.block, g);
  return map;
}

/** What the groups of a job read outside their own block. */
export function jobKey(job: Job): string {
  const parts = [job.name];
  const at = (r: { start: { line: number; character: number } }) => `${r.start.line}:${r.start.character}`;
  for (const b of job.block.blocks) if (b.type === 'meta') for (const a of b.attributes) parts.push(`${a.name}@${at(a.nameRange)}`);
  for (const a of job.block.attributes) {
    if (a.name !== 'meta') continue;
    parts.push(a.value.kind === 'object' ? a.value.entries.map((e) => `${e.key}@${at(e.keyRange)}`).join(',') : `?@${at(a.range)}`);
  }
  return parts.join('|');
}

function stampOf(block: HclBlock, key: string): string {
  const r = block.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${key}`;
}

/** The previous version's model of this group block, when it can stand for a fresh build. */
export function reusedGroup(previous: Map<HclBlock, Group> | undefined, block: HclBlock, job: Job, key: string): Group | undefined {
  const old = previous?.get(block);
  if (!old || stamps.get(old) !== stampOf(block, key)) return undefined;
  old.job = job;
  return old;
}

/** Records what a freshly built group was built from, so the next version may keep it. */
export function rememberGroup(group: Group, key: string): Group {
  stamps.set(group, stampOf(group.block, key));
  return group;
}

/** The interpolations of a kept group, as collected when it was built. */
export function keptInterpolations(group: Group): Interpolation[] | undefined {
  return interpolationsOf.get(group);
}

export function rememberInterpolations(group: Group, list: Interpolation[]): void {
  interpolationsOf.set(group, list);
}
