import type { Position, Range } from '../types';
import type { HclBlock, HclString, HclValue } from './ast';

/**
 * What an incremental rebuild of the HCL view may reuse from the previous version: the old view,
 * the single edit between the two versions, and the regions tree-sitter reports as changed.
 * Blocks outside every dirty region are taken over from the old view instead of being walked
 * again — walking tree-sitter nodes from JavaScript costs about a microsecond per node. The view
 * holds positions only (no offsets), so a block after an edit within a line is reused as is, and
 * one after an edit that adds or removes lines has its lines moved in place (the old view is
 * discarded, and every Position object in a view belongs to exactly one Range).
 */
export interface ReuseInfo {
  previous: HclBlock;
  /** The edit in new-text offsets: [start, newEnd) is the inserted text. */
  start: number;
  newEnd: number;
  /** The line the inserted text ends on, and the lines it added (negative: removed). */
  newEndLine: number;
  lineDelta: number;
  /** Regions of the new text whose syntax changed (tree-sitter's getChangedRanges). */
  changed: { start: number; end: number }[];
}

/** True when a new node [start, end) touches the edit or a changed region. */
export function isDirty(reuse: ReuseInfo, start: number, end: number): boolean {
  if (start <= reuse.newEnd && end >= reuse.start) return true;
  return reuse.changed.some((c) => start <= c.end && end >= c.start);
}

export function positionKey(p: Position): string {
  return `${p.line}:${p.character}`;
}

/**
 * The old block standing for a clean new block that starts at `start` and spans `lines` lines;
 * undefined when it must be rebuilt (no old block there, or it starts on the line the edit ends
 * on, where columns move).
 */
export function reusedBlock(reuse: ReuseInfo, oldByStart: Map<string, HclBlock>, startOffset: number, start: Position, lines: number): HclBlock | undefined {
  const before = startOffset < reuse.start;
  if (!before && start.line === reuse.newEndLine) return undefined;
  const old = oldByStart.get(positionKey(before ? start : { line: start.line - reuse.lineDelta, character: start.character }));
  if (!old || old.range.end.line - old.range.start.line !== lines) return undefined;
  return before || reuse.lineDelta === 0 ? old : shiftLines(old, reuse.lineDelta);
}

function shiftRange(r: Range | undefined, d: number): void {
  if (!r) return;
  r.start.line += d;
  r.end.line += d;
}

function shiftString(s: HclString, d: number): void {
  shiftRange(s.range, d);
  shiftRange(s.contentRange, d);
  for (const i of s.interpolations) {
    shiftRange(i.range, d);
    shiftRange(i.outerRange, d);
  }
  for (const l of s.literals) shiftRange(l.range, d);
}

function shiftValue(v: HclValue, d: number): void {
  shiftRange(v.range, d);
  switch (v.kind) {
    case 'string':
      shiftString(v.str, d);
      break;
    case 'tuple':
      v.items.forEach((i) => shiftValue(i, d));
      break;
    case 'object':
      for (const e of v.entries) {
        shiftRange(e.keyRange, d);
        shiftValue(e.value, d);
      }
      break;
    case 'expr':
      v.strings.forEach((s) => shiftString(s, d));
      break;
  }
}

/** Moves every position of a block by whole lines, in place; columns stay. */
function shiftLines(b: HclBlock, d: number): HclBlock {
  shiftRange(b.typeRange, d);
  shiftRange(b.range, d);
  shiftRange(b.openBrace, d);
  shiftRange(b.closeBrace, d);
  for (const l of b.labels) shiftRange(l.range, d);
  for (const a of b.attributes) {
    shiftRange(a.nameRange, d);
    shiftRange(a.range, d);
    shiftValue(a.value, d);
  }
  for (const c of b.blocks) shiftLines(c, d);
  return b;
}
