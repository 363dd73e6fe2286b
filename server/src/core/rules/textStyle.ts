import { type IndentRun, IndentTally } from '../edit/indentation';
import type { Group, NomadFile } from '../model/types';
import type { LineIndex } from '../text';
import { Attached } from '../attached';

/**
 * What the fixes of group-scoped rules read from the whole text: the indentation unit new lines
 * follow (edit/indentation.ts) and the line break they use (edit/listEdits.ts: "\r\n" when the
 * file has one). Both are summed up from per-group counts, kept per Group object, and the text
 * between groups, so an edit costs the counts of the group it touched; and only when asked.
 *
 * A group's counts stand for its lines only while it has them to itself (`ownsLines`): its
 * block starts its first line and ends its last one. Then the view rebuilds the block on any
 * edit of those lines (hcl/reuse.ts), and a kept Group object has the same lines. Other groups
 * count as text between.
 */
export interface TextStyle {
  unit: string;
  crlf: boolean;
}

/** A group's counts and the indentation of its first line, kept with the Group object. */
const counts = new Attached<Group, { run: IndentRun; indent: string }>();

/** Every group of the file, in document order. */
export function groupsOf(file: NomadFile): Group[] {
  const out: Group[] = [];
  for (const job of file.jobs) for (const g of job.groups) out.push(g);
  return out;
}

/** Whether each group has its lines to itself. */
export function ownership(lines: LineIndex, groups: Group[]): boolean[] {
  const owns: boolean[] = new Array(groups.length);
  let at = 0;
  for (let k = 0; k < groups.length; k++) {
    const span = ownLines(lines, groups[k]);
    owns[k] = !!span && span.from >= at;
    if (owns[k]) at = span!.to;
  }
  return owns;
}

export function textStyle(lines: LineIndex, groups: Group[], owns: boolean[]): TextStyle {
  const text = lines.text;
  const tally = new IndentTally();
  let at = 0;
  for (let k = 0; k < groups.length; k++) {
    if (!owns[k]) continue;
    const g = groups[k];
    const span = ownLines(lines, g)!;
    let c = counts.get(g);
    // Checked although a kept group has the same lines: the counts must never be stale.
    if (!c || !text.startsWith(c.indent, span.from) || span.from + c.indent.length !== span.start) {
      c = { run: IndentTally.run(text, span.from, span.to), indent: text.slice(span.from, span.start) };
      counts.set(g, c);
    }
    tally.scan(text, at, span.from);
    tally.add(c.run);
    at = span.to;
  }
  tally.scan(text, at, text.length);
  return { unit: tally.unit(), crlf: tally.crlf };
}

/** Offsets [from, to) of the group's whole lines, line break included, and of its block's start, when its block has them to itself. */
function ownLines(lines: LineIndex, g: Group): { from: number; start: number; to: number } | undefined {
  const { range, closeBrace } = g.block;
  if (!closeBrace) return undefined;
  const text = lines.text;
  // The view's positions are on this text's lines: no clamping needed.
  const from = lines.lineStart(range.start.line);
  const start = from + range.start.character;
  const end = lines.lineStart(range.end.line) + range.end.character;
  // Lines as indentUnit counts them: after "\n" (a lone "\r" breaks lines for LineIndex only).
  if (from > 0 && text.charCodeAt(from - 1) !== 10) return undefined;
  for (let i = from; i < start; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return undefined;
  }
  if (end === text.length) return { from, start, to: end };
  if (text.charCodeAt(end) === 10) return { from, start, to: end + 1 };
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return { from, start, to: end + 2 };
  return undefined;
}
