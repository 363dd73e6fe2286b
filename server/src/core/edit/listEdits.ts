import type { HclValue } from '../hcl/ast';
import type { LineIndex } from '../text';
import type { Range, TextEdit } from '../types';
import { quote } from './hclText';
import { emptyAt, replace } from './lines';

/**
 * Edits of a list (`args = [ … ]`) that keep its layout: new elements go on the anchor's line
 * when the list is written inline, on a new line with the same indentation when it has one
 * element (or flag pair) per line.
 */

/** Inserts `elements` (quoted) into the list right after the element at `anchor`. */
export function insertAfter(lines: LineIndex, list: HclValue, anchor: Range, elements: string[]): TextEdit {
  const items = itemRanges(list);
  const i = items.findIndex((r) => sameRange(r, anchor));
  const next = i === -1 ? undefined : items[i + 1];
  const end = anchor.end;
  const rendered = elements.map(quote).join(', ');
  if ((next && next.start.line === end.line) || (!next && list.range.end.line === end.line)) return replace(emptyAt(end), `, ${rendered}`);
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const indent = lines.indentOf(end.line);
  const lineText = lines.lineText(end.line);
  if (/^\s*,/.test(lineText.slice(end.character))) return replace(emptyAt({ line: end.line, character: lineText.length }), `${eol}${indent}${rendered},`);
  return replace(emptyAt(end), `,${eol}${indent}${rendered}`);
}

/** Removes the contiguous list elements at `elements` (e.g. a flag and its value) and their separator. */
export function removeElements(lines: LineIndex, list: HclValue, elements: Range[]): TextEdit {
  const items = itemRanges(list);
  const first = elements[0];
  const last = elements[elements.length - 1];
  const i = items.findIndex((r) => sameRange(r, first));
  const j = items.findIndex((r) => sameRange(r, last));
  const prev = i > 0 ? items[i - 1] : undefined;
  const next = j !== -1 ? items[j + 1] : undefined;
  const before = lines.lineText(first.start.line).slice(0, first.start.character);
  const after = lines.lineText(last.end.line).slice(last.end.character);
  const ownLines = /^\s*$/.test(before) && /^\s*,?\s*((#|\/\/).*)?$/.test(after) && (!prev || prev.end.line < first.start.line);
  if (ownLines && (!next || next.start.line > last.end.line)) {
    return replace({ start: { line: first.start.line, character: 0 }, end: { line: last.end.line + 1, character: 0 } }, '');
  }
  if (next && next.start.line === last.end.line) return replace({ start: first.start, end: next.start }, '');
  if (prev && prev.end.line === first.start.line) return replace({ start: prev.end, end: last.end }, '');
  const comma = /^\s*,\s*/.exec(after);
  const endChar = last.end.character + (comma ? comma[0].length : 0);
  return replace({ start: first.start, end: { line: last.end.line, character: endChar } }, '');
}

function itemRanges(list: HclValue): Range[] {
  return list.kind === 'tuple' ? list.items.map((i) => i.range) : [];
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
