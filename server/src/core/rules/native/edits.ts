import type { HclAttribute, HclBlock } from '../../hcl/ast';
import type { LineIndex } from '../../text';
import type { Position, Range, TextEdit } from '../../types';

/**
 * Text edits for quick fixes that respect the file's own layout: new lines take the file's
 * indentation step (a tab or N spaces), and removals take whole lines only when nothing else
 * shares them. New text is written with one leading `\t` per nesting level; `indented()` turns
 * those into the file's step.
 */

let lastText: string | undefined;
let lastUnit = '  ';

/**
 * The indentation step of a file: a tab, or the most frequent increase in leading spaces.
 * Several rules ask for it on every analysis; the last answer is kept (one scan per version).
 */
export function indentUnit(text: string): string {
  if (text !== lastText) {
    lastUnit = computeIndentUnit(text);
    lastText = text;
  }
  return lastUnit;
}

function computeIndentUnit(text: string): string {
  let tabs = 0;
  let spaced = 0;
  const steps = new Map<number, number>();
  let prev = 0;
  // One pass over the text (no split, no regex per line): this runs on every analysis.
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    let hasTab = false;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 9) hasTab = true;
      else if (c !== 32) break;
    }
    const c = text.charCodeAt(i);
    // Only control characters and Unicode spaces can make the rest of the line blank.
    const blank = i === end || ((c <= 32 || c === 160 || c >= 0x1680) && !text.slice(i, end).trim());
    if (!blank) {
      const width = i - start;
      if (text.charCodeAt(start) === 9) tabs++;
      else if (width > 0) spaced++;
      if (!hasTab) {
        if (width > prev) steps.set(width - prev, (steps.get(width - prev) ?? 0) + 1);
        prev = width;
      }
    }
    start = end + 1;
  }
  if (tabs > spaced) return '\t';
  let best = 2;
  let count = 0;
  for (const [step, n] of steps) if (n > count || (n === count && step < best)) [best, count] = [step, n];
  return ' '.repeat(best);
}

/** Replaces the leading `\t`s of each line by `base` plus that many indentation steps. */
export function indented(lines: string[], base: string, unit: string): string {
  return lines
    .map((l) => {
      const depth = /^\t*/.exec(l)![0].length;
      return base + unit.repeat(depth) + l.slice(depth);
    })
    .join('\n');
}

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

function lineEnd(lines: LineIndex, line: number): Position {
  return { line, character: lines.lineText(line).length };
}

/** Indentation of a block's children: that of its first child, else the block's plus one step. */
export function childIndent(lines: LineIndex, block: HclBlock, unit: string): string {
  const first = [...block.attributes.map((a) => a.range), ...block.blocks.map((b) => b.range)].sort((a, b) => a.start.line - b.start.line)[0];
  if (first && block.openBrace && first.start.line > block.openBrace.end.line) return lines.indentOf(first.start.line);
  return block.indent + unit;
}

/**
 * Inserts lines as the first children of a block (right after its `{` line). An empty or
 * one-line block such as `sidecar_service {}` is opened up onto several lines.
 */
export function insertInBlock(lines: LineIndex, block: HclBlock, newLines: string[], unit: string, where: 'start' | 'end' = 'start'): TextEdit | undefined {
  const open = block.openBrace;
  const close = block.closeBrace;
  if (!open || !close) return undefined;
  const inner = childIndent(lines, block, unit);
  const text = indented(newLines, inner, unit);
  if (open.end.line === close.start.line) {
    const existing = lines.slice({ start: open.end, end: close.start }).trim();
    const body = existing ? `${inner}${existing}\n${text}` : text;
    return replace({ start: open.end, end: close.start }, `\n${body}\n${block.indent}`);
  }
  if (where === 'end') {
    const before = lines.lineText(close.start.line).slice(0, close.start.character);
    if (before.trim()) return replace({ start: close.start, end: close.start }, `\n${text}\n${block.indent}`);
    return replace({ start: { line: close.start.line, character: 0 }, end: { line: close.start.line, character: 0 } }, `${text}\n`);
  }
  return replace({ start: lineEnd(lines, open.end.line), end: lineEnd(lines, open.end.line) }, `\n${text}`);
}

/** The first of the comment lines directly above a block (they belong to it), else its own line. */
export function leadingCommentStart(lines: LineIndex, block: HclBlock): number {
  let first = block.range.start.line;
  while (first > 0 && /^\s*(#|\/\/)/.test(lines.lineText(first - 1))) first--;
  return first;
}

/**
 * Inserts lines (at the block's indentation plus their own levels) on new lines before a block
 * and the comments that belong to it.
 */
export function insertBefore(lines: LineIndex, block: HclBlock, newLines: string[], unit: string, blankAfter = true): TextEdit {
  const at = { line: leadingCommentStart(lines, block), character: 0 };
  const base = lines.indentOf(block.range.start.line);
  return replace({ start: at, end: at }, `${indented(newLines, base, unit)}\n${blankAfter ? '\n' : ''}`);
}

/**
 * Removes an attribute or block. When it is alone on its lines (a trailing comment aside),
 * the whole lines go; otherwise only its own text.
 */
export function removeRange(lines: LineIndex, range: Range): TextEdit {
  const first = lines.lineText(range.start.line);
  const last = lines.lineText(range.end.line);
  const aloneBefore = !first.slice(0, range.start.character).trim();
  const after = last.slice(range.end.character).trim();
  const aloneAfter = !after || after.startsWith('#') || after.startsWith('//');
  if (aloneBefore && aloneAfter) {
    const end = range.end.line + 1 < lines.lineCount ? { line: range.end.line + 1, character: 0 } : lineEnd(lines, range.end.line);
    return replace({ start: { line: range.start.line, character: 0 }, end }, '');
  }
  return replace(range, '');
}

export function removeAttribute(lines: LineIndex, attr: HclAttribute): TextEdit {
  return removeRange(lines, attr.range);
}

/**
 * The whole lines of a block plus the comment lines directly above it, for moving it
 * elsewhere; `range` covers them (up to the start of the next line).
 */
export function blockWithLeadingComments(lines: LineIndex, block: HclBlock): { text: string; range: Range } {
  const first = leadingCommentStart(lines, block);
  const lastLine = block.range.end.line;
  const end = lastLine + 1 < lines.lineCount ? { line: lastLine + 1, character: 0 } : lineEnd(lines, lastLine);
  const range = { start: { line: first, character: 0 }, end };
  let text = lines.slice(range);
  if (!text.endsWith('\n')) text += '\n';
  return { text, range };
}

/** Re-indents lines that start with `from` to start with `to` instead. */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith(from) ? to + l.slice(from.length) : l))
    .join('\n');
}

/** An HCL string literal for a value (quotes and backslashes escaped). */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
