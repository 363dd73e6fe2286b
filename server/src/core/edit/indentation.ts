import type { HclBlock } from '../hcl/ast';
import type { LineIndex } from '../text';
import { startsLine } from './lines';

/** The file's own indentation, which every edit that writes new lines follows. */

let lastText: string | undefined;
let lastUnit: string | undefined;
/** How to get the unit of `lastText` without a scan, when asked (see `indentUnitFrom`). */
let provider: (() => string) | undefined;

/**
 * The file's indentation unit: a tab when most indented lines start with one, else the most
 * frequent positive step between successive indentation levels; two spaces when nothing says.
 * Blank and comment lines say nothing (a comment may sit at any column). The last answer is
 * kept (one scan per version); analyze.ts, which can sum it up from per-group counts
 * (`IndentTally`), says how before its rules run (`indentUnitFrom`).
 */
export function indentUnit(text: string): string {
  if (text !== lastText || lastUnit === undefined) {
    if (text === lastText && provider) lastUnit = provider();
    else {
      const tally = new IndentTally();
      tally.scan(text, 0, text.length);
      lastUnit = tally.unit();
    }
    lastText = text;
    provider = undefined;
  }
  return lastUnit;
}

/**
 * The unit of `text`, when asked, is what `compute` returns (from the same counts as a scan).
 * The returned function drops `compute` if nobody asked (it holds what it sums up from).
 */
export function indentUnitFrom(text: string, compute: () => string): () => void {
  if (text === lastText && lastUnit !== undefined) return () => {};
  lastText = text;
  lastUnit = undefined;
  provider = compute;
  return () => {
    if (provider !== compute) return;
    provider = undefined;
    lastText = undefined;
  };
}

/** The counts `indentUnit` decides by, for a run of whole lines. */
export interface IndentRun {
  tabs: number;
  spaced: number;
  /** Rises between successive counted lines inside the run: step, count, step, count… */
  steps: number[];
  /** Indentation width of the run's first and last lines that count for steps; -1 when none. */
  first: number;
  last: number;
  /** Some line of the run ends with "\r\n". */
  crlf: boolean;
}

/**
 * Indentation counts over a file, line by line or a run of lines at a time: the same answer
 * whether a run's lines are scanned here or summed up from `IndentTally.run` of those lines.
 * It also notes whether a line ends with "\r\n", a style edits follow too.
 */
export class IndentTally {
  private tabs = 0;
  private spaced = 0;
  /** Count per step width (index), most files use one to eight. */
  private readonly steps: number[] = [];
  private prev = 0;
  private first = -1;
  crlf = false;

  /** The counts of the lines that start in [from, to) (from at a line start), on their own. */
  static run(text: string, from: number, to: number): IndentRun {
    const t = new IndentTally();
    t.prev = -1;
    t.scan(text, from, to);
    const steps: number[] = [];
    t.steps.forEach((n, step) => {
      if (n) steps.push(step, n);
    });
    return { tabs: t.tabs, spaced: t.spaced, steps, first: t.first, last: t.prev, crlf: t.crlf };
  }

  /** Counts the lines that start in [from, to); `from` is a line start. */
  scan(text: string, from: number, to: number): void {
    // One pass over the text (no split, no regex per ordinary line).
    for (let start = from; start < to; ) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      else if (end > start && text.charCodeAt(end - 1) === 13) this.crlf = true;
      let i = start;
      let hasTab = false;
      for (; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 9) hasTab = true;
        else if (c !== 32) break;
      }
      if (!skipped(text, i, end)) {
        const width = i - start;
        if (text.charCodeAt(start) === 9) this.tabs++;
        else if (width > 0) this.spaced++;
        if (!hasTab) {
          if (this.prev < 0) this.first = width;
          else if (width > this.prev) this.step(width - this.prev, 1);
          this.prev = width;
        }
      }
      start = end + 1;
    }
  }

  add(run: IndentRun): void {
    this.tabs += run.tabs;
    this.spaced += run.spaced;
    this.crlf ||= run.crlf;
    for (let i = 0; i < run.steps.length; i += 2) this.step(run.steps[i], run.steps[i + 1]);
    if (run.first < 0) return;
    if (run.first > this.prev) this.step(run.first - this.prev, 1);
    this.prev = run.last;
  }

  unit(): string {
    if (this.tabs > this.spaced) return '\t';
    let best = 2;
    let count = 0;
    // Widths ascend, so a tie keeps the smaller step.
    this.steps.forEach((n, step) => {
      if (n > count) [best, count] = [step, n];
    });
    return ' '.repeat(best);
  }

  private step(step: number, n: number): void {
    this.steps[step] = (this.steps[step] ?? 0) + n;
  }
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
