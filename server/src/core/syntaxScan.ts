import { LineIndex } from './text';
import type { Range } from './types';

/**
 * A lexical scan of HCL's structure — braces, brackets, strings, `${…}`, heredocs, comments and
 * statement shapes — used to explain a syntax error in a person's terms. tree-sitter's error
 * recovery often wraps a whole file in one ERROR node (an unclosed string, a `count 1`) or blames
 * the outermost block for a missing `}`; this scan finds the construct that is really unclosed,
 * using the indentation people write as a hint when braces alone cannot tell.
 */

export interface ScanProblem {
  range: Range;
  message: string;
}

type OpenKind = '{' | '[' | '(';

interface Opener {
  kind: OpenKind | 'interp' | 'string' | 'heredoc';
  at: number;
  /** `group "db"` for a block's brace; undefined for a map's. */
  block?: string;
  /** Where the block header starts, for the finding's range. */
  headerAt?: number;
  /** Indentation of the opener's line. */
  indent: number;
  line: number;
  marker?: string;
  directive?: boolean;
}

interface Pair {
  open: Opener;
  closeAt: number;
  closeLine: number;
  /** Indentation of the closer's line, when the closer is the first thing on it. */
  closeIndent?: number;
}

const IDENT = /[A-Za-z_][\w-]*/y;
const HEADER = /^([A-Za-z_][\w-]*)((?:\s+(?:"(?:[^"\\\n]|\\.)*"|[A-Za-z_][\w-]*))*)\s*$/;
const HEREDOC = /<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?(?:\n|\r|$)/y;
const MAX_PROBLEMS = 20;

/** `lines` is the document's own index when it has one (it is kept across edits). */
export function scanStructure(text: string, lines = new LineIndex(text)): ScanProblem[] {
  return new Scanner(text, lines).scan();
}

class Scanner {
  private readonly lines: LineIndex;
  private readonly stack: Opener[] = [];
  private readonly pairs: Pair[] = [];
  private readonly strays: { at: number; char: string }[] = [];
  private readonly problems: ScanProblem[] = [];
  private i = 0;
  private line = 0;
  private lineStart = 0;
  /** Where the current statement's text starts (after a newline, `{` or `}`). */
  private stmtStart = 0;
  /** Whether the current line has had code before the character being scanned. */
  private lineHasCode = false;
  /** Lines with an unterminated string: a bracket opened there was probably closed inside it. */
  private readonly runawayLines = new Set<number>();
  /** Set when a comment ran to the end of the file, taking every closing brace with it. */
  private swallowed = false;
  /** A block header reported for its `{` on a later line: that `{`, alone, opens its body. */
  private headerAbove?: { block: string; at: number };

  constructor(
    private readonly text: string,
    lines: LineIndex,
  ) {
    this.lines = lines;
  }

  scan(): ScanProblem[] {
    const t = this.text;
    this.controlCharacter();
    this.statementAt(0);
    while (this.i < t.length && this.problems.length < MAX_PROBLEMS) {
      const top = this.stack[this.stack.length - 1];
      if (top?.kind === 'string') this.stringChar();
      else if (top?.kind === 'heredoc') this.heredocLine(top);
      else this.codeChar();
    }
    // Stopped early: what is still open may be closed further down.
    if (this.problems.length < MAX_PROBLEMS) this.atEnd();
    return this.problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }

  /** tree-sitter stops at a NUL anywhere, and HCL has no place for other control characters. */
  private controlCharacter(): void {
    const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(this.text);
    if (!m) return;
    const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    this.problem(m.index, m.index + 1, `unexpected control character ${code}: is this a binary file?`);
  }

  // --- code ------------------------------------------------------------------------------

  private codeChar(): void {
    const t = this.text;
    const c = t[this.i];
    if (c === '\n' || c === '\r') return this.newline();
    if (c === ' ' || c === '\t') {
      this.i++;
      return;
    }
    const first = !this.lineHasCode;
    this.lineHasCode = true;
    if (c === '#' || (c === '/' && t[this.i + 1] === '/')) return this.skipLine();
    if (c === '/' && t[this.i + 1] === '*') return this.blockComment();
    if (c === '"') return this.push({ kind: 'string' }, 1);
    if (c === '<' && t[this.i + 1] === '<') {
      HEREDOC.lastIndex = this.i;
      const m = HEREDOC.exec(t);
      if (m) {
        this.push({ kind: 'heredoc', marker: m[2] }, 0);
        this.i += m[0].length;
        if (/[\n\r]$/.test(m[0])) this.nextLine(this.i);
        return;
      }
    }
    if (c === '{' || c === '[' || c === '(') return this.open(c);
    if (c === '}' || c === ']' || c === ')') return this.close(c, first);
    this.i++;
  }

  private open(c: OpenKind): void {
    const opener: Partial<Opener> = { kind: c };
    if (c === '{' && this.atStatementLevel()) {
      const header = HEADER.exec(this.text.slice(this.stmtStart, this.i).trim());
      if (!header && this.headerAbove && this.text.slice(this.stmtStart, this.i).trim() === '') {
        opener.block = this.headerAbove.block;
        opener.headerAt = this.headerAbove.at;
      } else if (header) {
        opener.block = this.text.slice(this.stmtStart, this.i).trim().replace(/\s+/g, ' ');
        opener.headerAt = this.stmtStart + (this.text.slice(this.stmtStart, this.i).length - this.text.slice(this.stmtStart, this.i).trimStart().length);
      }
    }
    this.push(opener, 1);
    this.stmtStart = this.i;
  }

  private close(c: string, firstOnLine: boolean): void {
    const at = this.i;
    this.i++;
    const want = c === '}' ? ['{', 'interp'] : c === ']' ? ['['] : ['('];
    // Find the opener this closer matches, within the current `${…}` or top-level context.
    let k = this.stack.length - 1;
    for (; k >= 0; k--) {
      const kind = this.stack[k].kind;
      if (want.includes(kind)) break;
      if (kind === 'interp' || kind === 'string' || kind === 'heredoc') {
        k = -1;
        break;
      }
    }
    if (k < 0) {
      this.strays.push({ at, char: c });
      this.stmtStart = this.i;
      return;
    }
    while (this.stack.length - 1 > k) this.unclosed(this.stack.pop()!);
    const open = this.stack.pop()!;
    if (open.kind === 'interp') return;
    this.pairs.push({ open, closeAt: at, closeLine: this.line, closeIndent: firstOnLine ? this.indentOf(this.lineStart) : undefined });
    this.stmtStart = this.i;
  }

  private newline(): void {
    const t = this.text;
    const top = this.stack[this.stack.length - 1];
    // A quoted string's `${` cannot run past the end of its line.
    if (top?.kind === 'interp' && this.stack[this.stack.length - 2]?.kind === 'string') {
      this.problem(top.at, top.at + 2, `missing \`}\` to close \`${top.directive ? '%' : '$'}{\``);
      this.stack.length -= 2;
    }
    this.i += t[this.i] === '\r' && t[this.i + 1] === '\n' ? 2 : 1;
    this.nextLine(this.i);
    this.statementAt(this.i);
  }

  private nextLine(at: number): void {
    this.line = this.lines.positionAt(at).line;
    this.lineStart = at;
    this.stmtStart = at;
    this.lineHasCode = false;
  }

  private skipLine(): void {
    const t = this.text;
    while (this.i < t.length && t[this.i] !== '\n' && t[this.i] !== '\r') this.i++;
  }

  private blockComment(): void {
    const end = this.text.indexOf('*/', this.i + 2);
    if (end === -1) {
      this.problem(this.i, this.i + 2, 'unclosed comment: `/*` has no `*/`');
      this.i = this.text.length;
      this.swallowed = true;
      return;
    }
    const from = this.i;
    this.i = end + 2;
    const inside = this.text.slice(from, this.i);
    if (/[\n\r]/.test(inside)) {
      const pos = this.lines.positionAt(this.i);
      this.line = pos.line;
      this.lineStart = this.i - pos.character;
    }
  }

  private atStatementLevel(): boolean {
    const top = this.stack[this.stack.length - 1];
    return !top || (top.kind === '{' && top.block !== undefined);
  }

  /** At the start of a line in a block body: is this the shape of an attribute or a block? */
  private statementAt(lineStart: number): void {
    const top = this.stack[this.stack.length - 1];
    const inMap = top?.kind === '{' && top.block === undefined;
    if (!inMap && !this.atStatementLevel()) return;
    const t = this.text;
    let end = lineStart;
    while (end < t.length && t[end] !== '\n' && t[end] !== '\r') end++;
    const raw = t.slice(lineStart, end);
    const s = raw.replace(/\s*(#|\/\/|\/\*).*$/, '').trim();
    if (s === '' || s.startsWith('}') || s.startsWith('#') || s.startsWith('//') || s.startsWith('/*')) return;
    const from = lineStart + raw.length - raw.trimStart().length;
    const headerAbove = this.headerAbove;
    this.headerAbove = undefined;
    if (headerAbove && s.startsWith('{')) {
      this.headerAbove = headerAbove;
      return;
    }
    if (inMap) {
      const nested = /^([A-Za-z_][\w-]*)\s*\{/.exec(s);
      if (nested) this.problem(from, from + nested[0].length, `a map holds no blocks: write \`${nested[1]} = {\``);
      return;
    }
    const quoted = /^"([^"\\]*)"\s*=/.exec(s);
    if (quoted) return this.problem(from, from + quoted[1].length + 2, `attribute names are not quoted in HCL2: write \`${quoted[1]} = …\``);
    IDENT.lastIndex = 0;
    const name = IDENT.exec(s)?.[0];
    if (!name) {
      this.problem(from, from + Math.min(s.length, 40), `unexpected \`${shorten(s)}\`: expected an attribute \`name = value\` or a block \`type "label" { … }\``);
      return;
    }
    const rest = s.slice(name.length);
    if (/^\s*=\s*$/.test(rest)) return this.problem(from, from + s.length, `\`${name} =\` needs a value`);
    if (/^\s*=(?!=)/.test(rest)) return;
    const brace = s.indexOf('{');
    if (brace !== -1 && HEADER.test(s.slice(0, brace).trim())) return;
    const to = from + s.length;
    if (name === 'for' && /^\s+[A-Za-z_][\w-]*(\s*,\s*[A-Za-z_][\w-]*)?\s+in\s/.test(rest)) {
      const block = top?.kind === '{' ? top.block?.split(' ')[0] : undefined;
      return this.problem(from, to, `a \`for\` expression is a value, not a block body: write \`${block ?? 'name'} = { for … }\``);
    }
    if (rest.trim() === '') this.problem(from, to, `\`${name}\` needs \`= value\` (an attribute) or \`{ … }\` (a block)`);
    else if (HEADER.test(s)) {
      this.headerAbove = { block: s.replace(/\s+/g, ' '), at: from };
      this.problem(from, to, `block \`${this.headerAbove.block}\` needs \`{\` on the same line`);
    }
    else this.problem(from, to, `expected \`=\` between \`${name}\` and its value`);
  }

  // --- strings, interpolations, heredocs --------------------------------------------------

  private stringChar(): void {
    const t = this.text;
    const c = t[this.i];
    if (c === '\n' || c === '\r') {
      const s = this.stack.pop()!;
      const interp = this.stack[this.stack.length - 1];
      // `"${x"`: the quote that should have ended the string opened one inside `${`.
      if (interp?.kind === 'interp' && this.stack[this.stack.length - 2]?.kind === 'string' && this.lines.positionAt(interp.at).line === s.line) {
        this.problem(interp.at, interp.at + 2, `missing \`}\` to close \`${interp.directive ? '%' : '$'}{\``);
        this.stack.length -= 2;
      } else this.problem(s.at, s.at + 1, 'unterminated string: missing the closing `"` on this line');
      this.runawayLines.add(s.line);
      return this.newline();
    }
    if (c === '\\') {
      this.i += t[this.i + 1] === '\n' || t[this.i + 1] === '\r' ? 1 : 2;
      return;
    }
    if (c === '"') {
      this.stack.pop();
      this.i++;
      return;
    }
    this.template();
  }

  /** `${` and `%{` open an interpolation or directive; `$${` and `%%{` are literal. */
  private template(): void {
    const t = this.text;
    const c = t[this.i];
    if ((c === '$' || c === '%') && t[this.i + 1] === c && t[this.i + 2] === '{') this.i += 3;
    else if ((c === '$' || c === '%') && t[this.i + 1] === '{') this.push({ kind: 'interp', directive: c === '%' }, 2);
    else this.i++;
  }

  private heredocLine(h: Opener): void {
    const t = this.text;
    if (this.i === this.lineStart) {
      let end = this.i;
      while (end < t.length && t[end] !== '\n' && t[end] !== '\r') end++;
      if (t.slice(this.i, end).trim() === h.marker) {
        this.stack.pop();
        this.i = end;
        return;
      }
    }
    const c = t[this.i];
    if (c === '\n' || c === '\r') {
      this.i += c === '\r' && t[this.i + 1] === '\n' ? 2 : 1;
      this.nextLine(this.i);
      return;
    }
    this.template();
  }

  // --- bookkeeping ------------------------------------------------------------------------

  private push(o: Partial<Opener>, width: number): void {
    this.stack.push({ indent: this.indentOf(this.lineStart), line: this.line, at: this.i, ...o } as Opener);
    this.i += width;
  }

  private indentOf(lineStart: number): number {
    let n = 0;
    for (let k = lineStart; k < this.text.length; k++) {
      const c = this.text[k];
      if (c === ' ') n++;
      else if (c === '\t') n += 4;
      else break;
    }
    return n;
  }

  private problem(from: number, to: number, message: string): void {
    if (this.problems.length >= MAX_PROBLEMS) return;
    this.problems.push({ range: { start: this.lines.positionAt(from), end: this.lines.positionAt(to) }, message });
  }

  /** A bracket, paren, or `${` closed by something else, or never closed. */
  private unclosed(o: Opener): void {
    if ((o.kind === '[' || o.kind === '(') && this.runawayLines.has(o.line)) return;
    switch (o.kind) {
      case '[':
        return this.problem(o.at, o.at + 1, 'missing `]` to close this list');
      case '(':
        return this.problem(o.at, o.at + 1, 'missing `)` to close this `(`');
      case 'interp':
        return this.problem(o.at, o.at + 2, `missing \`}\` to close \`${o.directive ? '%' : '$'}{\``);
      case 'string':
        return this.problem(o.at, o.at + 1, 'unterminated string: missing the closing `"`');
      case 'heredoc':
        return this.problem(o.at, o.at + 2 + (o.marker?.length ?? 0), `unterminated heredoc: no line \`${o.marker}\` ends \`<<${o.marker}\``);
      case '{':
        return this.missingBrace(o);
    }
  }

  private missingBrace(o: Opener): void {
    if (this.problems.length >= MAX_PROBLEMS) return;
    const where = this.contentEnd(o);
    const hint = where !== undefined ? ` (its content seems to end before line ${where + 1})` : '';
    if (o.block !== undefined) this.problem(o.headerAt ?? o.at, o.at + 1, `missing closing \`}\` for block \`${o.block}\`${hint}`);
    else this.problem(o.at, o.at + 1, `missing \`}\` to close this map${hint}`);
  }

  /** In an indented body, the first line after the opener's that is indented no deeper than it. */
  private contentEnd(o: Opener): number | undefined {
    let indented = false;
    for (let l = o.line + 1; l < this.lines.lineCount; l++) {
      const s = this.lines.lineText(l);
      if (s.trim() === '' || /^\s*(#|\/\/)/.test(s)) continue;
      const deeper = this.indentOf(this.lines.offsetAt({ line: l, character: 0 })) > o.indent;
      if (!indented && !deeper) return undefined;
      indented = true;
      if (!deeper) return l;
    }
    return undefined;
  }

  /**
   * At the end: unclosed braces and stray `}` are counted exactly, but which brace is missing
   * braces alone cannot tell. A pair whose `}` sits left of its opener's indentation most likely
   * borrowed the `}` of an outer block: its own is the one missing. One right of it is extra.
   */
  private atEnd(): void {
    const innermostFirst = this.stack.splice(0).reverse();
    for (const o of innermostFirst) if (o.kind !== '{') this.unclosed(o);
    // An unterminated heredoc, string or `${` swallowed the rest of the file, closing braces included.
    if (this.swallowed || innermostFirst.some((o) => o.kind === 'heredoc' || o.kind === 'string' || o.kind === 'interp')) return;
    const braces = innermostFirst.filter((o) => o.kind === '{');
    const strayBraces = this.strays.filter((s) => s.char === '}');
    for (const s of this.strays.filter((x) => x.char !== '}')) this.problem(s.at, s.at + 1, `unexpected \`${s.char}\`: nothing to close here`);
    if (braces.length > 0) {
      const borrowed = this.pairs
        .filter((p) => p.open.kind === '{' && p.closeIndent !== undefined && p.closeIndent < p.open.indent)
        .sort((a, b) => a.closeAt - b.closeAt)
        .slice(0, braces.length)
        .map((p) => p.open);
      for (const o of borrowed) this.missingBrace(o);
      // The innermost unclosed braces account for the rest.
      for (const o of braces.slice(0, braces.length - borrowed.length)) this.missingBrace(o);
    }
    if (strayBraces.length > 0) {
      const extra = this.pairs
        .filter((p) => p.open.kind === '{' && p.closeIndent !== undefined && p.closeIndent > p.open.indent)
        .sort((a, b) => a.closeAt - b.closeAt)
        .slice(0, strayBraces.length)
        .map((p) => p.closeAt);
      const rest = strayBraces.slice(extra.length).map((s) => s.at);
      for (const at of [...extra, ...rest]) this.problem(at, at + 1, 'unexpected `}`: it closes no block');
    }
  }
}

function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}
