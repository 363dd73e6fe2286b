import type { NomadDocument } from '../../document';
import type { HclAttribute, HclBlock } from '../../hcl/ast';
import { comparePositions, type Position, type Range, type TextEdit } from '../../types';
import { type HclNode, render } from './hclText';

/**
 * Builds the text edits of a code action against one document version: inserting rendered
 * blocks into a body with the file's own indentation, setting attributes, deleting blocks.
 * Edits only insert or replace what they must, so comments elsewhere in the file stay as written.
 */
export class EditBuilder {
  private readonly list: TextEdit[] = [];
  /**
   * Blocks written on one line that get new lines: they are re-laid out once, in `edits`. The
   * lines they receive are kept relative to the block's children (no base indentation), since
   * a nested one-line block only knows its depth when its one-line ancestors are laid out too.
   */
  private readonly exploded = new Map<HclBlock, Exploded>();
  readonly unit: string;

  constructor(readonly doc: NomadDocument) {
    this.unit = indentUnit(doc.text);
  }

  /**
   * The edits so far. A one-line block (`network { mode = "host" }`) that receives lines is
   * rewritten as a multi-line block, its own content (with the edits inside it) kept, and so are
   * the one-line blocks around it (`connect { sidecar_service { proxy {} } }`): each nested
   * block gets a line of its own, one indentation unit deeper than its parent.
   */
  get edits(): TextEdit[] {
    const laidOut = this.withOneLineAncestors();
    const tops = [...laidOut].filter((b) => ![...laidOut].some((o) => o !== b && within(b.range, o.range)));
    const out = this.list.filter((e) => !tops.some((t) => within(e.range, body(t))));
    for (const t of tops) {
      const inside = this.list.filter((e) => within(e.range, body(t)));
      out.push({ range: body(t), newText: `\n${this.layOut(t, t.indent, laidOut, inside).join('\n')}\n${t.indent}` });
    }
    return out;
  }

  private explode(b: HclBlock): Exploded | undefined {
    if (!b.openBrace || !b.closeBrace || !oneLine(b)) return undefined;
    let parts = this.exploded.get(b);
    if (!parts) this.exploded.set(b, (parts = { first: [], attrs: [], last: [] }));
    return parts;
  }

  /** The exploded blocks and every one-line block around them (they share its line). */
  private withOneLineAncestors(): Set<HclBlock> {
    const out = new Set<HclBlock>();
    for (const b of this.exploded.keys()) {
      out.add(b);
      let parent: HclBlock | undefined = this.doc.hcl;
      while (parent && parent !== b) {
        const next: HclBlock | undefined = parent.blocks.find((c) => within(b.range, c.range));
        if (next && next !== b && oneLine(next)) out.add(next);
        parent = next;
      }
    }
    return out;
  }

  /**
   * The body lines of a one-line block laid out over several lines: its attributes (old and new,
   * aligned as `nomad fmt` aligns a run), then its blocks, then appended content.
   */
  private layOut(b: HclBlock, indent: string, laidOut: Set<HclBlock>, edits: TextEdit[]): string[] {
    const inner = indent + this.unit;
    const parts = this.exploded.get(b) ?? { first: [], attrs: [], last: [] };
    const indented = (lines: string[]) => lines.map((l) => (l ? inner + l : ''));
    const source = (r: Range) => this.applyInside(r, edits.filter((e) => within(e.range, r))).trim();
    const attrs = [...parts.first, ...b.attributes.map((a) => source(a.range)), ...parts.attrs];
    const out = indented(alignAttributes(attrs));
    for (const c of b.blocks) {
      if (laidOut.has(c) && c.openBrace) out.push(inner + this.lines.slice({ start: c.range.start, end: c.openBrace.end }), ...this.layOut(c, inner, laidOut, edits), `${inner}}`);
      else out.push(inner + source(c.range));
    }
    out.push(...indented(parts.last));
    return out;
  }

  private applyInside(range: Range, edits: TextEdit[]): string {
    const base = this.lines.offsetAt(range.start);
    let text = this.lines.slice(range);
    const sorted = [...edits].sort((x, y) => this.lines.offsetAt(y.range.start) - this.lines.offsetAt(x.range.start));
    for (const e of sorted) {
      text = text.slice(0, this.lines.offsetAt(e.range.start) - base) + e.newText + text.slice(this.lines.offsetAt(e.range.end) - base);
    }
    return text;
  }

  private get lines() {
    return this.doc.lines;
  }

  /** The indentation of the block's children: as the file has them, else one unit deeper. */
  childIndent(b: HclBlock): string {
    const children = [...b.attributes.map((a) => a.range), ...b.blocks.map((c) => c.range)].sort((x, y) => x.start.line - y.start.line);
    for (const r of children) {
      if (this.startsLine(r.start)) return this.lines.indentOf(r.start.line);
    }
    return b.indent + this.unit;
  }

  /** Appends nodes at the end of a block's body (after a blank line when the body has content). */
  append(b: HclBlock, nodes: HclNode[], opts: { blankBefore?: boolean } = {}): void {
    const close = b.closeBrace;
    if (!close || !b.openBrace) throw new Error(`block ${b.type} is not closed`);
    const inner = this.lines.slice({ start: b.openBrace.end, end: close.start });
    const oneLine = this.explode(b);
    if (oneLine) {
      const hasContent = inner.trim() !== '' || oneLine.first.length + oneLine.attrs.length + oneLine.last.length > 0;
      oneLine.last.push(...((opts.blankBefore ?? true) && hasContent ? [''] : []), ...render(nodes, '', this.unit));
      return;
    }
    const body = this.render(nodes, this.childIndent(b));
    if (inner.trim() === '') {
      this.list.push({ range: { start: b.openBrace.end, end: close.start }, newText: `\n${body}\n${b.indent}` });
      return;
    }
    const blankBefore = opts.blankBefore ?? true;
    const closeLinePrefix = this.lines.lineText(close.start.line).slice(0, close.start.character);
    if (closeLinePrefix.trim() === '') {
      const prev = this.lines.lineText(close.start.line - 1);
      const sep = blankBefore && prev.trim() !== '' ? '\n' : '';
      this.list.push({ range: emptyAt({ line: close.start.line, character: 0 }), newText: `${sep}${body}\n` });
    } else {
      this.list.push({ range: emptyAt(close.start), newText: `\n${blankBefore ? '\n' : ''}${body}\n${b.indent}` });
    }
  }

  /** Inserts nodes before a child block (and before the comment lines that belong to it). */
  insertBefore(child: HclBlock, nodes: HclNode[], indent = this.lines.indentOf(child.range.start.line)): void {
    const line = this.leadingCommentStart(child.range.start.line);
    const body = this.render(nodes, indent);
    this.list.push({ range: emptyAt({ line, character: 0 }), newText: `${body}\n\n` });
  }

  /** Inserts nodes after a child block, separated by a blank line. */
  insertAfter(child: HclBlock, nodes: HclNode[]): void {
    const end = child.range.end;
    const indent = this.lines.indentOf(child.range.start.line);
    this.list.push({ range: emptyAt(end), newText: `\n\n${this.render(nodes, indent)}` });
  }

  /** Sets `name = value` (raw HCL): replaces the value when present, else adds the attribute after the others (or first). */
  setAttribute(b: HclBlock, name: string, value: string, where: 'first' | 'last' = 'last'): void {
    const existing = b.attributes.find((a) => a.name === name);
    if (existing) {
      if (this.lines.slice(existing.value.range) !== value) this.list.push({ range: existing.value.range, newText: value });
      return;
    }
    if (where === 'first') this.prepend(b, `${name} = ${value}`);
    else this.addAttribute(b, [name, value]);
  }

  /**
   * Adds `name = value` lines after the block's last attribute, aligned with it the way
   * `nomad fmt` aligns a run (one edit, so several attributes keep their order).
   */
  addAttribute(b: HclBlock, ...pairs: [string, string][]): void {
    const oneLine = this.explode(b);
    if (oneLine) {
      oneLine.attrs.push(...pairs.map(([n, v]) => `${n} = ${v}`));
      return;
    }
    const last = b.attributes[b.attributes.length - 1];
    if (!last || !this.startsLine(last.range.start) || last.range.end.line !== last.range.start.line) {
      for (const [name, value] of pairs) this.prepend(b, `${name} = ${value}`);
      return;
    }
    const width = last.value.range.start.character - last.nameRange.start.character - 3;
    const indent = this.lines.indentOf(last.range.start.line);
    this.list.push({ range: emptyAt(last.range.end), newText: pairs.map(([n, v]) => `\n${indent}${n.padEnd(width)} = ${v}`).join('') });
  }

  /** Adds one line at the start of a block's body. */
  prepend(b: HclBlock, line: string): void {
    if (!b.openBrace || !b.closeBrace) throw new Error(`block ${b.type} is not closed`);
    const oneLine = this.explode(b);
    if (oneLine) {
      oneLine.first.push(line);
      return;
    }
    const inner = this.lines.slice({ start: b.openBrace.end, end: b.closeBrace.start });
    const indent = this.childIndent(b);
    if (inner.trim() === '') {
      this.list.push({ range: { start: b.openBrace.end, end: b.closeBrace.start }, newText: `\n${indent}${line}\n${b.indent}` });
      return;
    }
    this.list.push({ range: emptyAt({ line: b.openBrace.end.line + 1, character: 0 }), newText: `${indent}${line}\n` });
  }

  replace(range: Range, newText: string): void {
    this.list.push({ range, newText });
  }

  /** Deletes an attribute: its whole lines when it has them to itself, else just its text. */
  deleteAttribute(a: HclAttribute): void {
    const rest = this.lines.lineText(a.range.end.line).slice(a.range.end.character);
    if (this.startsLine(a.range.start) && /^\s*((#|\/\/).*)?$/.test(rest)) this.deleteBlock(a);
    else this.list.push({ range: a.range, newText: '' });
  }

  /** Deletes a block's (or an attribute's) whole lines, with its leading comments and one blank line around it. */
  deleteBlock(b: { range: Range }): void {
    let first = this.leadingCommentStart(b.range.start.line);
    let last = b.range.end.line;
    const blank = (l: number) => l >= 0 && l < this.lines.lineCount && this.lines.lineText(l).trim() === '';
    if (blank(first - 1) && (blank(last + 1) || /^\s*}/.test(this.lines.lineText(last + 1)))) first--;
    else if (blank(last + 1) && !blank(first - 1)) last++;
    this.list.push({ range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' });
  }

  /**
   * Replaces a block's whole lines (with its leading comments) by comment lines at its indentation,
   * in the comment style the file uses most. False when the block shares a line with other code.
   */
  replaceWithComment(b: HclBlock, comment: string[]): boolean {
    const last = b.range.end.line;
    const after = this.lines.lineText(last).slice(b.range.end.character);
    if (!this.startsLine(b.range.start) || !/^\s*((#|\/\/).*)?$/.test(after)) return false;
    const first = this.leadingCommentStart(b.range.start.line);
    const indent = this.lines.indentOf(b.range.start.line);
    const mark = commentMark(this.doc.text);
    const range = { start: { line: first, character: 0 }, end: { line: last, character: this.lines.lineText(last).length } };
    this.list.push({ range, newText: comment.map((l) => `${indent}${mark} ${l}`).join('\n') });
    return true;
  }

  /**
   * The lines of a block (with its leading comments) without their common indentation, for
   * moving it elsewhere; `localEdits` (inside the block) are applied first.
   */
  dedentedLines(b: HclBlock, localEdits: TextEdit[] = []): string[] {
    const first = this.leadingCommentStart(b.range.start.line);
    const last = b.range.end.line;
    const range = { start: { line: first, character: 0 }, end: { line: last, character: this.lines.lineText(last).length } };
    const base = this.lines.offsetAt(range.start);
    let text = this.lines.slice(range);
    const sorted = [...localEdits].sort((x, y) => this.lines.offsetAt(y.range.start) - this.lines.offsetAt(x.range.start));
    for (const e of sorted) {
      text = text.slice(0, this.lines.offsetAt(e.range.start) - base) + e.newText + text.slice(this.lines.offsetAt(e.range.end) - base);
    }
    return dedent(text.split('\n'));
  }

  /** True when the block's body separates its parts with blank lines (a style to follow). */
  hasBlankLine(b: HclBlock): boolean {
    for (let l = b.range.start.line + 1; l < b.range.end.line; l++) if (this.lines.lineText(l).trim() === '') return true;
    return false;
  }

  /** True when a comment line lies inside `parent` but outside `except`. */
  hasComment(parent: HclBlock, except: HclBlock): boolean {
    for (let l = parent.range.start.line; l <= parent.range.end.line; l++) {
      if (l >= except.range.start.line && l <= except.range.end.line) continue;
      if (/(^|\s)(#|\/\/)/.test(this.lines.lineText(l))) return true;
    }
    return false;
  }

  render(nodes: HclNode[], indent: string): string {
    return render(nodes, indent, this.unit).join('\n');
  }

  /** True when only whitespace precedes the position on its line. */
  startsLine(p: Position): boolean {
    return this.lines.lineText(p.line).slice(0, p.character).trim() === '';
  }

  private leadingCommentStart(line: number): number {
    let l = line;
    while (l > 0 && /^\s*(#|\/\/)/.test(this.lines.lineText(l - 1))) l--;
    return l;
  }
}

/** Lines without the indentation they all share (blank lines ignored). */
export function dedent(lines: string[]): string[] {
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0]);
  let common = indents[0] ?? '';
  for (const i of indents) while (!i.startsWith(common)) common = common.slice(0, -1);
  return lines.map((l) => (l.trim() === '' ? '' : l.slice(common.length)));
}

/**
 * The file's indentation unit: a tab when most indented lines start with one, else the most
 * frequent positive step between successive indentation levels; two spaces when nothing says.
 */
export function indentUnit(text: string): string {
  let tabs = 0;
  let spaces = 0;
  const steps = new Map<number, number>();
  let prev = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || /^\s*(#|\/\/|\*)/.test(line)) continue;
    const ws = /^[ \t]*/.exec(line)![0];
    if (ws.startsWith('\t')) tabs++;
    else if (ws.length > 0) spaces++;
    if (!ws.includes('\t')) {
      const step = ws.length - prev;
      if (step > 0) steps.set(step, (steps.get(step) ?? 0) + 1);
      prev = ws.length;
    }
  }
  if (tabs > spaces) return '\t';
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of steps) if (count > bestCount || (count === bestCount && step < best)) [best, bestCount] = [step, count];
  return ' '.repeat(best);
}

/** `//` when the file's line comments mostly use it, else `#`. */
function commentMark(text: string): string {
  const slashes = (text.match(/^[ \t]*\/\//gm) ?? []).length;
  const hashes = (text.match(/^[ \t]*#/gm) ?? []).length;
  return slashes > hashes ? '//' : '#';
}

/** What a one-line block receives: lines relative to its children's indentation. */
interface Exploded {
  /** Attributes added first (`mode` of a network). */
  first: string[];
  /** Attributes added after the existing ones. */
  attrs: string[];
  /** Nodes appended at the end of the body. */
  last: string[];
}

/** `name = value` lines with their `=` aligned; a line of another shape is left as it is. */
function alignAttributes(lines: string[]): string[] {
  const parsed = lines.map((l) => /^([^\s=]+)\s*=\s*(.*)$/.exec(l));
  const width = Math.max(0, ...parsed.map((m) => m?.[1].length ?? 0));
  return lines.map((l, i) => (parsed[i] ? `${parsed[i]![1].padEnd(width)} = ${parsed[i]![2]}` : l));
}

/** A block whose braces are on one line. */
function oneLine(b: HclBlock): boolean {
  return !!b.openBrace && !!b.closeBrace && b.openBrace.end.line === b.closeBrace.start.line;
}

/** The text between a block's braces. */
function body(b: HclBlock): Range {
  return { start: b.openBrace!.end, end: b.closeBrace!.start };
}

function within(inner: Range, outer: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function emptyAt(p: Position): Range {
  return { start: p, end: p };
}
