import type { HclBlock } from '../hcl/ast';
import type { LineIndex } from '../text';
import { startsLine } from './lines';

/** The file's own indentation, which every edit that writes new lines follows. */

let lastText: string | undefined;
let lastUnit = '  ';

/**
 * The file's indentation unit: a tab when most indented lines start with one, else the most
 * frequent positive step between successive indentation levels; two spaces when nothing says.
 * Blank and comment lines say nothing (a comment may sit at any column). Several rules ask on
 * every analysis, so the last answer is kept (one scan per version).
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
  // One pass over the text (no split, no regex per ordinary line): this runs on every analysis.
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
    if (!skipped(text, i, end)) {
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

/** A blank line or a comment line (`#`, `//`, or the `*` of a block comment), from its first non-blank at `i`. */
function skipped(text: string, i: number, end: number): boolean {
  if (i === end) return true;
  const c = text.charCodeAt(i);
  if (c === 35 || c === 42 || (c === 47 && text.charCodeAt(i + 1) === 47)) return true;
  // Only control characters and Unicode spaces can hide a blank or comment line behind them.
  return (c <= 32 || c === 160 || c >= 0x1680) && /^\s*(#|\/\/|\*|$)/.test(text.slice(i, end));
}

/** The indentation of a block's children: as the file has them, else the block's plus one unit. */
export function childIndent(lines: LineIndex, block: HclBlock, unit: string): string {
  const children = [...block.attributes.map((a) => a.range), ...block.blocks.map((c) => c.range)].sort((x, y) => x.start.line - y.start.line);
  for (const r of children) if (startsLine(lines, r.start)) return lines.indentOf(r.start.line);
  return block.indent + unit;
}

/** Lines without the indentation they all share (blank lines ignored). */
export function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0]);
  let common = indents[0] ?? '';
  for (const i of indents) while (!i.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common.length)));
}

/** Re-indents lines that start with `from` to start with `to` instead (others, such as heredoc text, stay). */
export function reindent(text: string, from: string, to: string): string {
  return text
    .split('\n')
    .map((l) => (l.startsWith(from) ? to + l.slice(from.length) : l))
    .join('\n');
}
