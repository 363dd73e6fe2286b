import type { NomadDocument } from '../../document';
import type { HclBlock } from '../../hcl/ast';
import type { Position, Range, TextEdit } from '../../types';
import { type HclNode, render } from './hclText';

/**
 * Builds the text edits of a code action against one document version: inserting rendered
 * blocks into a body with the file's own indentation, setting attributes, deleting blocks.
 * Edits only insert or replace what they must, so comments elsewhere in the file stay as written.
 */
export class EditBuilder {
  readonly edits: TextEdit[] = [];
  readonly unit: string;

  constructor(readonly doc: NomadDocument) {
    this.unit = indentUnit(doc.text);
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
    const body = this.render(nodes, this.childIndent(b));
    const close = b.closeBrace;
    if (!close || !b.openBrace) throw new Error(`block ${b.type} is not closed`);
    const inner = this.lines.slice({ start: b.openBrace.end, end: close.start });
    if (inner.trim() === '') {
      this.edits.push({ range: { start: b.openBrace.end, end: close.start }, newText: `\n${body}\n${b.indent}` });
      return;
    }
    const blankBefore = opts.blankBefore ?? true;
    const closeLinePrefix = this.lines.lineText(close.start.line).slice(0, close.start.character);
    if (closeLinePrefix.trim() === '') {
      const prev = this.lines.lineText(close.start.line - 1);
      const sep = blankBefore && prev.trim() !== '' ? '\n' : '';
      this.edits.push({ range: emptyAt({ line: close.start.line, character: 0 }), newText: `${sep}${body}\n` });
    } else {
      this.edits.push({ range: emptyAt(close.start), newText: `\n${blankBefore ? '\n' : ''}${body}\n${b.indent}` });
    }
  }

  /** Inserts nodes before a child block (and before the comment lines that belong to it). */
  insertBefore(child: HclBlock, nodes: HclNode[], indent = this.lines.indentOf(child.range.start.line)): void {
    const line = this.leadingCommentStart(child.range.start.line);
    const body = this.render(nodes, indent);
    this.edits.push({ range: emptyAt({ line, character: 0 }), newText: `${body}\n\n` });
  }

  /** Inserts nodes after a child block, separated by a blank line. */
  insertAfter(child: HclBlock, nodes: HclNode[]): void {
    const end = child.range.end;
    const indent = this.lines.indentOf(child.range.start.line);
    this.edits.push({ range: emptyAt(end), newText: `\n\n${this.render(nodes, indent)}` });
  }

  /** Sets `name = value` (raw HCL): replaces the value when present, else adds the attribute after the others (or first). */
  setAttribute(b: HclBlock, name: string, value: string, where: 'first' | 'last' = 'last'): void {
    const existing = b.attributes.find((a) => a.name === name);
    if (existing) {
      if (this.lines.slice(existing.value.range) !== value) this.edits.push({ range: existing.value.range, newText: value });
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
    const last = b.attributes[b.attributes.length - 1];
    if (!last || !this.startsLine(last.range.start) || last.range.end.line !== last.range.start.line) {
      for (const [name, value] of pairs) this.prepend(b, `${name} = ${value}`);
      return;
    }
    const width = last.value.range.start.character - last.nameRange.start.character - 3;
    const indent = this.lines.indentOf(last.range.start.line);
    this.edits.push({ range: emptyAt(last.range.end), newText: pairs.map(([n, v]) => `\n${indent}${n.padEnd(width)} = ${v}`).join('') });
  }

  /** Adds one line at the start of a block's body. */
  prepend(b: HclBlock, line: string): void {
    if (!b.openBrace || !b.closeBrace) throw new Error(`block ${b.type} is not closed`);
    const inner = this.lines.slice({ start: b.openBrace.end, end: b.closeBrace.start });
    const indent = this.childIndent(b);
    if (inner.trim() === '' || b.closeBrace.start.line === b.openBrace.end.line) {
      this.edits.push({ range: emptyAt(b.openBrace.end), newText: `\n${indent}${line}${inner.trim() === '' ? `\n${b.indent}` : ''}` });
      if (inner.trim() !== '') this.edits.push({ range: emptyAt(b.closeBrace.start), newText: `\n${b.indent}` });
      return;
    }
    this.edits.push({ range: emptyAt({ line: b.openBrace.end.line + 1, character: 0 }), newText: `${indent}${line}\n` });
  }

  replace(range: Range, newText: string): void {
    this.edits.push({ range, newText });
  }

  /** Deletes a block's whole lines, with its leading comments and one blank line around it. */
  deleteBlock(b: HclBlock): void {
    let first = this.leadingCommentStart(b.range.start.line);
    let last = b.range.end.line;
    const blank = (l: number) => l >= 0 && l < this.lines.lineCount && this.lines.lineText(l).trim() === '';
    if (blank(first - 1) && (blank(last + 1) || /^\s*}/.test(this.lines.lineText(last + 1)))) first--;
    else if (blank(last + 1) && !blank(first - 1)) last++;
    this.edits.push({ range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }, newText: '' });
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

export function emptyAt(p: Position): Range {
  return { start: p, end: p };
}
