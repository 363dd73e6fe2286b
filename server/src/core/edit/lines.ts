import type { LineIndex } from '../text';
import type { Position, Range, TextEdit } from '../types';

/**
 * Whole-line ranges for edits that take or remove code with the comments that belong to it:
 * the comment lines directly above a block or attribute are its own.
 */

export function replace(range: Range, newText: string): TextEdit {
  return { range, newText };
}

export function emptyAt(p: Position): Range {
  return { start: p, end: p };
}

/** True when only whitespace precedes the position on its line. */
export function startsLine(lines: LineIndex, p: Position): boolean {
  return lines.lineText(p.line).slice(0, p.character).trim() === '';
}

/** True when nothing but whitespace and a line comment follows the position on its line. */
export function endsLine(lines: LineIndex, p: Position): boolean {
  return /^\s*((#|\/\/).*)?$/.test(lines.lineText(p.line).slice(p.character));
}

/** The first of the comment lines directly above `line` (they belong to what starts there), else `line`. */
export function leadingCommentStart(lines: LineIndex, line: number): number {
  let l = line;
  while (l > 0 && /^\s*(#|\/\/)/.test(lines.lineText(l - 1))) l--;
  return l;
}

/** The whole lines of a block (or attribute) with its leading comments, up to the end of its last line. */
export function linesWithComments(lines: LineIndex, range: Range): Range {
  const last = range.end.line;
  return { start: { line: leadingCommentStart(lines, range.start.line), character: 0 }, end: { line: last, character: lines.lineText(last).length } };
}

/**
 * Removes a block's (or an attribute's) whole lines with its leading comments, and one blank
 * line around it so that no double blank line (or blank line before a `}`) is left behind.
 */
export function removeLines(lines: LineIndex, range: Range): TextEdit {
  let first = leadingCommentStart(lines, range.start.line);
  let last = range.end.line;
  const blank = (l: number) => l >= 0 && l < lines.lineCount && lines.lineText(l).trim() === '';
  if (blank(first - 1) && (blank(last + 1) || /^\s*}/.test(lines.lineText(last + 1)))) first--;
  else if (blank(last + 1) && !blank(first - 1)) last++;
  return replace({ start: { line: first, character: 0 }, end: lineAfter(lines, last) }, '');
}

/**
 * Removes an attribute (or other code): when it has its lines to itself (a trailing comment
 * aside), those lines — with its leading comments as `removeLines` takes them when `withComments` —
 * else only its own text.
 */
export function removeCode(lines: LineIndex, range: Range, withComments = false): TextEdit {
  if (!startsLine(lines, range.start) || !endsLine(lines, range.end)) return replace(range, '');
  if (withComments) return removeLines(lines, range);
  return replace({ start: { line: range.start.line, character: 0 }, end: lineAfter(lines, range.end.line) }, '');
}

/** The start of the line after `line`, or the end of the text when `line` is the last. */
function lineAfter(lines: LineIndex, line: number): Position {
  return line + 1 < lines.lineCount ? { line: line + 1, character: 0 } : { line, character: lines.lineText(line).length };
}
