import type { Position, Range } from './types';

/**
 * Maps between string offsets and LSP positions. Both count UTF-16 code units, which is also
 * what web-tree-sitter reports for string input, so tree positions need no conversion.
 * Lines end at "\n", "\r\n" or a lone "\r", as in LSP (the parser sees a lone "\r" as "\n",
 * see normalizeLineBreaks); a line's text and length never include its line break.
 */
export class LineIndex {
  /** Offset of each line's first character (typed: an edit copies it whole). */
  private readonly starts: Int32Array;
  /** True when the text has a "\r": lines then break at "\r\n" and lone "\r" too. */
  readonly hasCarriageReturn: boolean;

  /** `starts` is only passed by edited(), for a text without "\r". */
  constructor(
    readonly text: string,
    starts?: Int32Array,
  ) {
    this.hasCarriageReturn = !starts && text.includes('\r');
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
   * inserted text is scanned and the later line starts are shifted, so an edit costs no scan of
   * the whole text (text with "\r" is indexed again: a "\r\n" may form or split at the seams).
   */
  edited(start: number, end: number, inserted: string, newText: string): LineIndex {
    if (this.hasCarriageReturn || inserted.includes('\r')) return new LineIndex(newText);
    const old = this.starts;
    const first = this.lineAt(start);
    const after = this.lineAt(end, first) + 1;
    const breaks: number[] = [];
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) breaks.push(start + i + 1);
    const moved = first + 1 + breaks.length - after;
    const starts = new Int32Array(old.length + moved);
    starts.set(old.subarray(0, first + 1));
    starts.set(breaks, first + 1);
    const delta = inserted.length - (end - start);
    for (let i = after; i < old.length; i++) starts[i + moved] = old[i] + delta;
    return new LineIndex(newText, starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** Offset of a line's first character. */
  lineStart(line: number): number {
    return this.starts[line];
  }

  /**
   * The line an offset in [0, text.length] is on. Searches from `near` first: callers walking
   * the text in order (the HCL view) pass the last line they got.
   */
  lineAt(offset: number, near = 0): number {
    const starts = this.starts;
    let line = near < starts.length && starts[near] <= offset ? near : 0;
    for (let steps = 0; line + 1 < starts.length && starts[line + 1] <= offset; line++) {
      if (++steps === 8) {
        let lo = line + 1;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid] <= offset) lo = mid;
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
    return Math.min(this.starts[line] + Math.max(0, Math.floor(pos.character) || 0), this.lineEnd(line));
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  /** Offset where the line's text ends, before its line break. */
  private lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    const next = this.starts[line + 1];
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
