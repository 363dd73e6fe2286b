import type { Position, Range } from '../types';
import type { HclAttribute, HclBlock, HclString, HclValue } from './ast';

/**
 * What an incremental rebuild of the HCL view may reuse from the previous version: the old view
 * and the single edit between the two versions. Walking tree-sitter nodes from JavaScript costs
 * about a microsecond per node, so an attribute or block whose subtree the reparse took over
 * from the old tree is taken over from the old view instead of being walked again. Tree-sitter
 * shares an untouched subtree between the two trees; a node id is the address of the node's slot
 * in its parent's list of children, so the id of such a node's first child stays the same, and
 * no node made by the reparse can have it (the old tree is alive while the new one is made).
 * Only the bodies holding the edit are walked, one node per child. The view holds positions
 * only (no offsets): what ends before the edit is reused as is, what starts on a line after it
 * has its lines moved in place (the old view is discarded, and every Position object in a view
 * belongs to exactly one Range); anything else is walked again.
 */
export interface ReuseInfo {
  previous: HclBlock;
  /** Where the edit starts (new-text offset and position; text before it is unchanged). */
  start: number;
  startPosition: Position;
  /** The line the replaced text ended on in the old text; text after that line is unchanged. */
  oldEndLine: number;
  /** The lines the edit added (negative: removed). */
  lineDelta: number;
}

/**
 * An old attribute or block whose node the new tree took over unchanged, ready for the new
 * view (moved by the edit's lines when it comes after the edit); undefined when it sits on the
 * edit's lines, where its columns may have moved.
 */
export function kept<T extends HclAttribute | HclBlock>(item: T, reuse: ReuseInfo): T | undefined {
  if (endsBefore(item, reuse)) return item;
  if (item.range.start.line <= reuse.oldEndLine) return undefined;
  if (reuse.lineDelta === 0) return item;
  if ('blocks' in item) shiftLines(item as HclBlock, reuse.lineDelta);
  else shiftAttribute(item as HclAttribute, reuse.lineDelta);
  return item;
}

/** An old item that `kept` never hands over: it is not wholly before the edit and reaches its lines. */
export function onEditLines(item: HclAttribute | HclBlock, reuse: ReuseInfo): boolean {
  return !endsBefore(item, reuse) && item.range.start.line <= reuse.oldEndLine;
}

function endsBefore(item: HclAttribute | HclBlock, reuse: ReuseInfo): boolean {
  const r = item.range;
  const at = reuse.startPosition;
  return r.end.line < at.line || (r.end.line === at.line && r.end.character <= at.character);
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
