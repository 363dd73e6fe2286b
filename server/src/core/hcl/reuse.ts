import type { LineIndex } from '../text';
import type { Position, Range } from '../types';
import type { HclAttribute, HclBlock, HclString, HclValue } from './ast';

/**
 * What an incremental rebuild of the HCL view may reuse from the previous version: the old view,
 * the single edit between the two versions, and the regions tree-sitter reports as changed.
 * Walking tree-sitter nodes from JavaScript costs about a microsecond per node, so only the lines
 * from the first to the last dirty offset (the window) are walked again, in the bodies that reach
 * them; every attribute and block of those bodies outside the window is taken over from the old
 * view. The view holds positions only (no offsets): what comes before the window is reused as
 * is, what comes after it has its lines moved in place when the edit added or removed lines (the
 * old view is discarded, and every Position object in a view belongs to exactly one Range).
 */
export interface ReuseInfo {
  previous: HclBlock;
  /** The edit in new-text offsets: [start, newEnd) is the inserted text. */
  start: number;
  newEnd: number;
  /** The lines the edit added (negative: removed). */
  lineDelta: number;
  /** Regions of the new text whose syntax changed (tree-sitter's getChangedRanges). */
  changed: { start: number; end: number }[];
}

/** The lines [startLine, endLine] (new text) an incremental build walks again. */
export interface ReuseWindow {
  editStart: number;
  startLine: number;
  endLine: number;
  lineDelta: number;
}

export function reuseWindow(reuse: ReuseInfo, lines: LineIndex): ReuseWindow {
  let start = reuse.start;
  let end = reuse.newEnd;
  for (const r of reuse.changed) {
    if (r.start < start) start = r.start;
    if (r.end > end) end = r.end;
  }
  const startLine = lines.lineAt(start);
  return { editStart: reuse.start, startLine, endLine: lines.lineAt(Math.min(end, lines.text.length), startLine), lineDelta: reuse.lineDelta };
}

/**
 * Appends the children of `old` that end before the window (unchanged by the edit) and returns
 * the range of the last of them.
 */
export function keptBefore(old: HclBlock, w: ReuseWindow, attributes: HclAttribute[], blocks: HclBlock[]): { last?: Range } {
  let last: Range | undefined;
  for (const a of old.attributes) {
    if (a.range.end.line >= w.startLine) break;
    attributes.push(a);
    last = a.range;
  }
  for (const b of old.blocks) {
    if (b.range.end.line >= w.startLine) break;
    blocks.push(b);
    if (!last || isAfter(b.range.end, last.end)) last = b.range;
  }
  return { last };
}

function isAfter(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}

/**
 * Appends the children of `old` that start after the window, moved by the edit's lines, when
 * the first of them is where the new tree's first attribute or block after the window starts
 * (`next`; undefined: there is none). False, and nothing changed, when they disagree.
 */
export function keptAfter(old: HclBlock, w: ReuseWindow, attributes: HclAttribute[], blocks: HclBlock[], next: Position | undefined): boolean {
  const lastOldLine = w.endLine - w.lineDelta;
  let a = old.attributes.length;
  while (a > 0 && old.attributes[a - 1].range.start.line > lastOldLine) a--;
  let b = old.blocks.length;
  while (b > 0 && old.blocks[b - 1].range.start.line > lastOldLine) b--;
  const firstAttr = old.attributes[a]?.range.start;
  const firstBlock = old.blocks[b]?.range.start;
  const first = firstAttr && (!firstBlock || isAfter(firstBlock, firstAttr)) ? firstAttr : firstBlock;
  if (!first || !next) return !first && !next;
  if (first.line + w.lineDelta !== next.line || first.character !== next.character) return false;
  const d = w.lineDelta;
  for (; a < old.attributes.length; a++) attributes.push(d === 0 ? old.attributes[a] : shiftAttribute(old.attributes[a], d));
  for (; b < old.blocks.length; b++) blocks.push(d === 0 ? old.blocks[b] : shiftLines(old.blocks[b], d));
  return true;
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

function shiftAttribute(a: HclAttribute, d: number): HclAttribute {
  shiftRange(a.nameRange, d);
  shiftRange(a.range, d);
  shiftValue(a.value, d);
  return a;
}

/** Moves every position of a block by whole lines, in place; columns stay. */
function shiftLines(b: HclBlock, d: number): HclBlock {
  shiftRange(b.typeRange, d);
  shiftRange(b.range, d);
  shiftRange(b.openBrace, d);
  shiftRange(b.closeBrace, d);
  for (const l of b.labels) shiftRange(l.range, d);
  for (const a of b.attributes) shiftAttribute(a, d);
  for (const c of b.blocks) shiftLines(c, d);
  return b;
}
