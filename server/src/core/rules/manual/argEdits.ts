import type { HclBlock, HclString } from '../../hcl/ast';
import type { ArgList, ManualProxy } from '../../model/types';
import type { LineIndex } from '../../text';
import type { Position, Range, TextEdit } from '../../types';

/**
 * Edits of a task's `args = [ … ]` list that keep the file's layout: new elements go on the
 * anchor's line when the list is written inline, on a new line with the same indentation when
 * it has one element (or flag pair) per line.
 */

/** The list elements for a new flag, following the proxy's style (`-flag=value` or two elements). */
export function flagElements(proxy: ManualProxy, name: string, value?: string): string[] {
  if (value === undefined) return [`-${name}`];
  const valued = proxy.flags.filter((f) => f.valueItem);
  const eqStyle = valued.length > 0 && valued.every((f) => f.valueItem === f.item);
  return eqStyle ? [`-${name}=${value}`] : [`-${name}`, value];
}

/** Inserts `elements` into the list right after the element `anchor`. */
export function insertAfter(lines: LineIndex, args: ArgList, anchor: HclString, elements: string[]): TextEdit {
  const items = tupleRanges(args);
  const i = items.findIndex((r) => sameRange(r, anchor.range));
  const next = i === -1 ? undefined : items[i + 1];
  const end = anchor.range.end;
  const rendered = elements.map(quote).join(', ');
  const closeLine = args.attr.value.range.end.line;
  if ((next && next.start.line === end.line) || (!next && closeLine === end.line)) {
    return { range: point(end), newText: `, ${rendered}` };
  }
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  const indent = lines.indentOf(end.line);
  const lineText = lines.lineText(end.line);
  if (/^\s*,/.test(lineText.slice(end.character))) {
    return { range: point({ line: end.line, character: lineText.length }), newText: `${eol}${indent}${rendered},` };
  }
  return { range: point(end), newText: `,${eol}${indent}${rendered}` };
}

/** Removes the contiguous list elements `elements` (e.g. a flag and its value) and their separator. */
export function removeElements(lines: LineIndex, args: ArgList, elements: HclString[]): TextEdit {
  const items = tupleRanges(args);
  const first = elements[0].range;
  const last = elements[elements.length - 1].range;
  const i = items.findIndex((r) => sameRange(r, first));
  const j = items.findIndex((r) => sameRange(r, last));
  const prev = i > 0 ? items[i - 1] : undefined;
  const next = j !== -1 ? items[j + 1] : undefined;
  const before = lines.lineText(first.start.line).slice(0, first.start.character);
  const after = lines.lineText(last.end.line).slice(last.end.character);
  const ownLines = /^\s*$/.test(before) && /^\s*,?\s*((#|\/\/).*)?$/.test(after) && (!prev || prev.end.line < first.start.line);
  if (ownLines && (!next || next.start.line > last.end.line)) {
    return { range: { start: { line: first.start.line, character: 0 }, end: { line: last.end.line + 1, character: 0 } }, newText: '' };
  }
  if (next && next.start.line === last.end.line) return { range: { start: first.start, end: next.start }, newText: '' };
  if (prev && prev.end.line === first.start.line) return { range: { start: prev.end, end: last.end }, newText: '' };
  const comma = /^\s*,\s*/.exec(after);
  const endChar = last.end.character + (comma ? comma[0].length : 0);
  return { range: { start: first.start, end: { line: last.end.line, character: endChar } }, newText: '' };
}

/** Adds `name = value` as the last attribute of a block, on its own line. */
export function appendAttribute(lines: LineIndex, block: HclBlock, text: string): TextEdit | undefined {
  const last = block.attributes[block.attributes.length - 1];
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  if (last) {
    const line = last.range.end.line;
    return { range: point({ line, character: lines.lineText(line).length }), newText: `${eol}${lines.indentOf(last.range.start.line)}${text}` };
  }
  if (!block.openBrace) return undefined;
  return { range: point(block.openBrace.end), newText: `${eol}${block.indent}  ${text}` };
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

function quote(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function tupleRanges(args: ArgList): Range[] {
  const v = args.attr.value;
  return v.kind === 'tuple' ? v.items.map((i) => i.range) : [];
}

function point(p: Position): Range {
  return { start: p, end: p };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
