import type { HclAttribute, HclBlock } from '../hcl/ast';
import type { LineIndex } from '../text';
import { comparePositions, type Range, type TextEdit } from '../types';
import { attr, type HclNode, render } from './hclText';
import { childIndent, dedent, indentUnit } from './indentation';
import { emptyAt, endsLine, leadingCommentStart, linesWithComments, removeCode, removeLines, startsLine } from './lines';

/**
 * Builds text edits against one version of a file, from its text and its HCL view (so rules,
 * which see the model, and code actions, which see the document, share it): inserting rendered
 * nodes into a block body with the file's own indentation, setting attributes, deleting blocks.
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
  private readonly unit: string;

  /** `root` is the file's body, which holds the one-line blocks around a block that gets new lines. */
  constructor(
    readonly lines: LineIndex,
    readonly root: HclBlock,
  ) {
    this.unit = indentUnit(lines.text);
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
      let parent: HclBlock | undefined = this.root;
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

  /** The text of `range` with `edits` (all inside it) applied. */
  private applyInside(range: Range, edits: TextEdit[]): string {
    const base = this.lines.offsetAt(range.start);
    let text = this.lines.slice(range);
    const sorted = [...edits].sort((x, y) => this.lines.offsetAt(y.range.start) - this.lines.offsetAt(x.range.start));
    for (const e of sorted) {
      text = text.slice(0, this.lines.offsetAt(e.range.start) - base) + e.newText + text.slice(this.lines.offsetAt(e.range.end) - base);
    }
    return text;
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
    const body = this.render(nodes, childIndent(this.lines, b, this.unit));
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
  insertBefore(child: HclBlock, nodes: HclNode[]): void {
    const line = leadingCommentStart(this.lines, child.range.start.line);
    const body = this.render(nodes, this.lines.indentOf(child.range.start.line));
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
    if (where === 'first') this.prepend(b, [attr(name, value)]);
    else this.addAttribute(b, [name, value]);
  }

  /**
   * Adds `name = value` lines after the block's last attribute (and its trailing comment),
   * aligned with it the way `nomad fmt` aligns a run (one edit, so several attributes keep their order).
   */
  addAttribute(b: HclBlock, ...pairs: [string, string][]): void {
    const oneLine = this.explode(b);
    if (oneLine) {
      oneLine.attrs.push(...pairs.map(([n, v]) => `${n} = ${v}`));
      return;
    }
    const last = b.attributes[b.attributes.length - 1];
    if (!last || !startsLine(this.lines, last.range.start)) {
      for (const [name, value] of pairs) this.prepend(b, [attr(name, value)]);
      return;
    }
    const width = last.value.range.start.character - last.nameRange.start.character - 3;
    const indent = this.lines.indentOf(last.range.start.line);
    const end = last.range.end.line;
    this.list.push({ range: emptyAt({ line: end, character: this.lines.lineText(end).length }), newText: pairs.map(([n, v]) => `\n${indent}${n.padEnd(width)} = ${v}`).join('') });
  }

  /** Inserts nodes at the start of a block's body. */
  prepend(b: HclBlock, nodes: HclNode[]): void {
    if (!b.openBrace || !b.closeBrace) throw new Error(`block ${b.type} is not closed`);
    const oneLine = this.explode(b);
    if (oneLine) {
      oneLine.first.push(...render(nodes, '', this.unit));
      return;
    }
    const inner = this.lines.slice({ start: b.openBrace.end, end: b.closeBrace.start });
    const body = this.render(nodes, childIndent(this.lines, b, this.unit));
    if (inner.trim() === '') {
      this.list.push({ range: { start: b.openBrace.end, end: b.closeBrace.start }, newText: `\n${body}\n${b.indent}` });
      return;
    }
    this.list.push({ range: emptyAt({ line: b.openBrace.end.line + 1, character: 0 }), newText: `${body}\n` });
  }

  replace(range: Range, newText: string): void {
    this.list.push({ range, newText });
  }

  /** Deletes an attribute: its whole lines (with its comments) when it has them to itself, else just its text. */
  deleteAttribute(a: HclAttribute): void {
    this.list.push(removeCode(this.lines, a.range, true));
  }

  /** Deletes a block's (or an attribute's) whole lines, with its leading comments and one blank line around it. */
  deleteBlock(b: { range: Range }): void {
    this.list.push(removeLines(this.lines, b.range));
  }

  /**
   * Replaces a block's whole lines (with its leading comments) by comment lines at its indentation,
   * in the comment style the file uses most. False when the block shares a line with other code.
   */
  replaceWithComment(b: HclBlock, comment: string[]): boolean {
    if (!startsLine(this.lines, b.range.start) || !endsLine(this.lines, b.range.end)) return false;
    const indent = this.lines.indentOf(b.range.start.line);
    const mark = commentMark(this.lines.text);
    this.list.push({ range: linesWithComments(this.lines, b.range), newText: comment.map((l) => `${indent}${mark} ${l}`).join('\n') });
    return true;
  }

  /**
   * The lines of a block (with its leading comments) without their common indentation, for
   * moving it elsewhere; `localEdits` (inside the block) are applied first.
   */
  dedentedLines(b: HclBlock, localEdits: TextEdit[] = []): string[] {
    return dedent(this.applyInside(linesWithComments(this.lines, b.range), localEdits).split('\n'));
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

  private render(nodes: HclNode[], indent: string): string {
    return render(nodes, indent, this.unit).join('\n');
  }
}

/**
 * The edits that insert nodes at the start (or the end) of a block's body, for a fix that makes
 * only this change; undefined when the block has no closing brace yet.
 */
export function insertInBlock(lines: LineIndex, root: HclBlock, block: HclBlock, nodes: HclNode[], where: 'start' | 'end' = 'start'): TextEdit[] | undefined {
  if (!block.openBrace || !block.closeBrace) return undefined;
  const b = new EditBuilder(lines, root);
  if (where === 'start') b.prepend(block, nodes);
  else b.append(block, nodes, { blankBefore: false });
  return b.edits;
}

/** `//` when the file's line comments mostly use it, else `#`. */
function commentMark(text: string): string {
  const slashes = (text.match(/^[ \t]*\/\//gm) ?? []).length;
  const hashes = (text.match(/^[ \t]*#/gm) ?? []).length;
  return slashes > hashes ? '//' : '#';
}

/** What a one-line block receives: lines relative to its children's indentation. */
interface Exploded {
  /** Lines added at the start (`mode` of a network). */
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
