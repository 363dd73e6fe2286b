import { type IndentRun, IndentTally, knownIndentUnit } from '../edit/indentation';
import type { Group, NomadFile } from '../model/types';
import type { LineIndex } from '../text';

/**
 * What the fixes of group-scoped rules read from the whole text: the indentation unit new lines
 * follow (edit/indentation.ts) and the line break they use (edit/listEdits.ts: "\r\n" when the
 * file has one). Both are summed up from per-group counts, kept per Group object, and the text
 * between groups, so an edit costs the counts of the group it touched.
 *
 * A group's counts stand for its lines only while it has them to itself: its block starts its
 * first line and ends its last one. Then the view rebuilds the block on any edit of those lines
 * (hcl/reuse.ts), and a kept Group object has the same lines. Other groups count as text between.
 */
export interface TextFacts {
  unit: string;
  crlf: boolean;
  /** Per group of `groups(file)`: whether it has its lines to itself (see above). */
  owns: boolean[];
}

interface GroupCounts {
  indent: IndentRun;
  crlf: boolean;
}

const counts = new WeakMap<Group, GroupCounts>();

/** Every group of the file, in document order. */
export function groupsOf(file: NomadFile): Group[] {
  const out: Group[] = [];
  for (const job of file.jobs) for (const g of job.groups) out.push(g);
  return out;
}

export function textFacts(lines: LineIndex, groups: Group[]): TextFacts {
  const text = lines.text;
  const tally = new IndentTally();
  const owns: boolean[] = [];
  let crlf = false;
  let at = 0;
  for (const g of groups) {
    const span = ownLines(lines, g);
    owns.push(!!span && span.from >= at);
    if (!span || span.from < at) continue;
    if (span.from > at) {
      tally.scan(text, at, span.from);
      crlf ||= hasCrlf(text, at, span.from);
    }
    let c = counts.get(g);
    if (!c) counts.set(g, (c = { indent: IndentTally.run(text, span.from, span.to), crlf: hasCrlf(text, span.from, span.to) }));
    tally.add(c.indent);
    crlf ||= c.crlf;
    at = span.to;
  }
  tally.scan(text, at, text.length);
  crlf ||= hasCrlf(text, at, text.length);
  const unit = tally.unit();
  knownIndentUnit(text, unit);
  return { unit, crlf, owns };
}

/** Offsets [from, to) of the group's whole lines, line break included, when its block has them to itself. */
function ownLines(lines: LineIndex, g: Group): { from: number; to: number } | undefined {
  const { range, closeBrace } = g.block;
  if (!closeBrace) return undefined;
  const text = lines.text;
  const from = lines.offsetAt({ line: range.start.line, character: 0 });
  const start = lines.offsetAt(range.start);
  const end = lines.offsetAt(range.end);
  // Lines as indentUnit counts them: after "\n" (a lone "\r" breaks lines for LineIndex only).
  if (from > 0 && text.charCodeAt(from - 1) !== 10) return undefined;
  for (let i = from; i < start; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return undefined;
  }
  if (end === text.length) return { from, to: end };
  if (text.charCodeAt(end) === 10) return { from, to: end + 1 };
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return { from, to: end + 2 };
  return undefined;
}

function hasCrlf(text: string, from: number, to: number): boolean {
  for (let i = from; i + 1 < to; i++) if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return true;
  return false;
}
