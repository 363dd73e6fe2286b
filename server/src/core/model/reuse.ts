import type { HclBlock } from '../hcl/ast';
import type { Group, Interpolation, Job, NomadFile } from './types';
import { Attached } from '../attached';

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

/** What a group was built from: its block's range and its job's key. */
interface Stamp {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
  key: string;
}

const stamps = new Attached<Group, Stamp>();
/** The group last built (or kept) for a group block: views hand untouched blocks over as they are. */
const groupOfBlock = new Attached<HclBlock, Group>();
const interpolationsOf = new Attached<Group, Interpolation[]>();

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

/**
 * The group last built for this block, when it can stand for a fresh build (only when building
 * after an edit, from the previous version's model): the block is the same object, so its
 * content is what the group was built from, and the stamp says it has not moved since.
 */
export function reusedGroup(previous: NomadFile | undefined, block: HclBlock, job: Job, key: string): Group | undefined {
  const old = previous && groupOfBlock.get(block);
  const stamp = old && stamps.get(old);
  const r = block.range;
  if (
    !stamp ||
    stamp.key !== key ||
    stamp.startLine !== r.start.line ||
    stamp.startCharacter !== r.start.character ||
    stamp.endLine !== r.end.line ||
    stamp.endCharacter !== r.end.character
  )
    return undefined;
  old.job = job;
  return old;
}

/** Records what a freshly built group was built from, so the next version may keep it. */
export function rememberGroup(group: Group, key: string): Group {
  const r = group.block.range;
  stamps.set(group, { startLine: r.start.line, startCharacter: r.start.character, endLine: r.end.line, endCharacter: r.end.character, key });
  groupOfBlock.set(group.block, group);
  return group;
}

/** The interpolations of a kept group, as collected when it was built. */
export function keptInterpolations(group: Group): Interpolation[] | undefined {
  return interpolationsOf.get(group);
}

export function rememberInterpolations(group: Group, list: Interpolation[]): void {
  interpolationsOf.set(group, list);
}
