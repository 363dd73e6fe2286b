import type { Position, Range } from './types';

/**
 * Maps between string offsets and LSP positions. Both count UTF-16 code units, which is also
 * what web-tree-sitter reports for string input, so tree positions need no conversion.
 * Lines end at "\n", "\r\n" or a lone "\r", as in LSP (the parser sees a lone "\r" as "\n",
 * see normalizeLineBreaks); a line's text and length never include its line break.
 */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.includes('\r')) {
      const breaks = /\r\n?|\n/g;
      for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
    } else for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
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
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo] };
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
