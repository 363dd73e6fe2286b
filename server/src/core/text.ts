import type { Position, Range } from './types';

/**
 * Maps between string offsets and LSP positions. Both count UTF-16 code units, which is also
 * what web-tree-sitter reports for string input, so tree positions need no conversion.
 * Lines end at "\n", "\r\n" or a lone "\r", as in LSP (the parser sees a lone "\r" as "\n",
 * see normalizeLineBreaks); a line's text and length never include its line break.
 */
export class LineIndex {
  /**
   * Offset of each line's first character, before the shift below. Typed, and never written
   * once made: versions typed on one line share it (see edited()).
   */
  private readonly starts: Int32Array;
  /** Lines from `shiftFrom` on start `shiftBy` later than `starts` says. */
  private readonly shiftFrom: number;
  private readonly shiftBy: number;
  /** True when the text has a "\r": lines then break at "\r\n" and lone "\r" too. */
  readonly hasCarriageReturn: boolean;

  /** `starts` (and the shift) are only passed by edited(), for a text without "\r". */
  constructor(
    readonly text: string,
    starts?: Int32Array,
    shiftFrom = 0,
    shiftBy = 0,
  ) {
    this.hasCarriageReturn = !starts && text.includes('\r');
    this.shiftFrom = shiftBy === 0 ? 0 : shiftFrom;
    this.shiftBy = shiftBy;
    if (starts) {
      this.starts = starts;
      return;
    }
    const found = [0];
    if (this.hasCarriageReturn) {
      const breaks = /\r\n?|\n/g;
      for (let m = breaks.exec(text); m; m = breaks.exec(text)) found.push(m.index + m[0].length);
    } else for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) found.push(i + 1);
    this.starts = Int32Array.from(found);
  }

  /**
   * The index of `newText`, which is this text with [start, end) replaced by `inserted`. Only the
   * inserted text is scanned. An edit inside one line that adds no line shares this index's
   * line starts and only moves the shift, when the lines after it are the ones already shifted
   * (typing goes on on one line); otherwise the later line starts are copied, shifted. So an
   * edit costs no scan of the whole text (text with "\r" is indexed again: a "\r\n" may form
   * or split at the seams).
   */
  edited(start: number, end: number, inserted: string, newText: string): LineIndex {
    if (this.hasCarriageReturn || inserted.includes('\r')) return new LineIndex(newText);
    const first = this.lineAt(start);
    const after = this.lineAt(end, first) + 1;
    const delta = inserted.length - (end - start);
    const breaks: number[] = [];
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) breaks.push(start + i + 1);
    if (breaks.length === 0 && after === first + 1 && (this.shiftBy === 0 || this.shiftFrom === after)) {
      return new LineIndex(newText, this.starts, after, this.shiftBy + delta);
    }
    const old = this.starts;
    const moved = first + 1 + breaks.length - after;
    const { shiftFrom, shiftBy } = this;
    const starts = new Int32Array(old.length + moved);
    starts.set(old.subarray(0, first + 1));
    if (shiftBy !== 0) for (let i = shiftFrom; i <= first; i++) starts[i] += shiftBy;
    starts.set(breaks, first + 1);
    const split = Math.max(after, shiftFrom);
    for (let i = after; i < split; i++) starts[i + moved] = old[i] + delta;
    for (let i = split; i < old.length; i++) starts[i + moved] = old[i] + delta + shiftBy;
    return new LineIndex(newText, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of a line's first character. */
  lineStart(line: number): number {
    return line < this.shiftFrom ? this.starts[line] : this.starts[line] + this.shiftBy;
  }

  /**
   * The line an offset in [0, text.length] is on. Searches from `near` first: callers walking
   * the text in order (the HCL view) pass the last line they got.
   */
  lineAt(offset: number, near = 0): number {
    const count = this.starts.length;
    let line = near < count && this.lineStart(near) <= offset ? near : 0;
    for (let steps = 0; line + 1 < count && this.lineStart(line + 1) <= offset; line++) {
      if (++steps === 8) {
        let lo = line + 1;
        let hi = count - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (this.lineStart(mid) <= offset) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      }
    }
    return line;
  }

  /** Out-of-range or malformed positions clamp to the text (as LSP asks), never throw. */
  offsetAt(pos: Position): number {
    const line = Math.floor(pos?.line);
    if (!(line >= 0)) return 0;
    if (line >= this.starts.length) return this.text.length;
    return Math.min(this.lineStart(line) + Math.max(0, Math.floor(pos.character) || 0), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.lineStart(line) };
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** Offset where the line's text ends, before its line break. */
  private lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.lineStart(line + 1);
    return next >= 2 && this.text[next - 1] === '\n' && this.text[next - 2] === '\r' ? next - 2 : next - 1;
  }

  /** Leading whitespace of a line: the indentation new text on that line must repeat. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))![0];
  }

  slice(range: Range): string {
    return this.text.slice(this.offsetAt(range.start), this.offsetAt(range.end));
  }
}
