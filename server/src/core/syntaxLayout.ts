import type { NomadDocument } from './document';
import type { HclAttribute, HclBlock, HclObjectEntry, HclValue } from './hcl/ast';
import type { Finding, Position, Range } from './types';
import { Attached } from './attached';

/**
 * Line-structure errors that HCL2 (and so `nomad job run`) rejects but tree-sitter-hcl accepts,
 * because its grammar treats line breaks as plain whitespace:
 * - a block's type, labels and `{` split over lines;
 * - a one-line block `name { … }` holding more than one attribute, or a block, or whose `}` is
 *   on a later line;
 * - two attributes or blocks on one line, or a `}` on the line of the block's last item;
 * - an attribute or map entry whose name, `=` and value start on different lines;
 * - map entries on one line without a comma;
 * - a `${…}` in a block label (labels are plain strings).
 * Read from the HCL view (plain objects, no tree walk); only asked for a tree without errors,
 * where syntax.ts has nothing to say.
 */
/**
 * A nested block's findings depend on its own text only. While the view keeps a block from the
 * last version unmoved (hcl/reuse.ts hands over the same object), its findings are kept too: an
 * edit then re-checks the blocks it touched, not the whole file.
 */
const kept = new Attached<HclBlock, { at: Range; findings: Finding[] }>();

export function layoutFindings(doc: NomadDocument, limit = 50): Finding[] {
  const out: Finding[] = [];
  new LayoutCheck(doc.text, doc.lines, out, limit).body(doc.hcl, true);
  return out;
}

interface Item {
  start: Position;
  end: Position;
  attr?: HclAttribute;
  block?: HclBlock;
}

class LayoutCheck {
  constructor(
    private readonly text: string,
    private readonly lines: NomadDocument['lines'],
    private readonly out: Finding[],
    private readonly limit: number,
  ) {}

  body(block: HclBlock, isFile: boolean): void {
    const items = itemsOf(block);
    if (!isFile) this.header(block);
    const open = block.openBrace;
    if (open && items.length > 0 && items[0].start.line === open.end.line) this.oneLine(block, items);
    else this.multiLine(block, items, isFile);
    for (const item of items) {
      if (this.out.length >= this.limit) return;
      if (item.attr) this.attribute(item.attr);
      else if (item.block) this.child(item.block);
    }
  }

  private child(block: HclBlock): void {
    const hit = kept.get(block);
    if (hit && sameRange(hit.at, block.range)) {
      for (const f of hit.findings) if (this.out.length < this.limit) this.out.push(f);
      return;
    }
    const from = this.out.length;
    this.body(block, false);
    // A list cut short by the limit is not the block's whole story. (The range is copied: reuse.ts moves the view's in place.)
    if (this.out.length < this.limit) kept.set(block, { at: copy(block.range), findings: from === this.out.length ? NONE : this.out.slice(from) });
  }

  /** `job "web"` and `{` on one line: HCL2 ends a statement at a line break. Labels are static. */
  private header(block: HclBlock): void {
    for (const label of block.labels) {
      const raw = this.between(label.range.start, label.range.end);
      if (/(^|[^$])\$\{|(^|[^%])%\{/.test(raw)) {
        this.add(copy(label.range), `block labels are plain strings: the label of block \`${block.type}\` cannot hold \`\${…}\` or \`%{…}\``);
      }
    }
    const open = block.openBrace;
    if (!open || open.start.line === block.typeRange.start.line) return;
    const split = block.labels.some((l) => l.range.start.line !== block.typeRange.start.line);
    const message = split
      ? `block ${this.name(block)} needs its type, labels and \`{\` on one line`
      : `block ${this.name(block)} needs \`{\` on the same line`;
    this.add(this.headerRange(block), message);
  }

  /** `{` followed by an item on its line makes a one-line block: one attribute, then `}`. */
  private oneLine(block: HclBlock, items: Item[]): void {
    const [first, second] = items;
    if (first.block) {
      this.add(this.headerRange(first.block), `block ${this.name(block)} on one line can hold only one attribute: put block ${this.name(first.block)} on a line of its own`);
    } else if (second && second.start.line === first.end.line) {
      const what = second.attr ? `\`${second.attr.name}\`` : `block ${this.name(second.block!)}`;
      this.add(itemStart(second), `block ${this.name(block)} on one line can hold only one attribute: put ${what} on a line of its own`);
    } else if (second || (block.closeBrace && block.closeBrace.start.line !== first.end.line)) {
      this.add(
        copy(first.attr!.nameRange),
        `\`${first.attr!.name}\` on the line of \`${block.type} {\` makes block ${this.name(block)} a one-line block: close it with \`}\` on that line, or start \`${first.attr!.name}\` on the next line`,
      );
    }
  }

  private multiLine(block: HclBlock, items: Item[], isFile: boolean): void {
    for (let i = 1; i < items.length; i++) {
      if (items[i].start.line > items[i - 1].end.line) continue;
      const what = items[i].attr ? `\`${items[i].attr!.name}\`` : `block ${this.name(items[i].block!)}`;
      const where = isFile ? 'at the top level' : `in block ${this.name(block)}`;
      this.add(itemStart(items[i]), `${what} must start on a new line: one attribute or block per line ${where}`);
    }
    const last = items[items.length - 1];
    const close = block.closeBrace;
    if (last && close && close.start.line <= last.end.line) {
      this.add(copy(close), `the \`}\` closing block ${this.name(block)} must be on a new line, after its last attribute or block`);
    }
  }

  private attribute(attr: HclAttribute): void {
    const message = this.splitAssignment(`\`${attr.name}\``, attr.nameRange, attr.value.range.start);
    if (message) this.add(copy(attr.nameRange), message);
    this.value(attr.value);
  }

  private value(v: HclValue): void {
    if (this.out.length >= this.limit) return;
    if (v.kind === 'tuple') for (const item of v.items) this.value(item);
    else if (v.kind === 'object') this.object(v.entries);
  }

  /** Map entries: key, `=` and value start on one line; entries on one line are comma-separated. */
  private object(entries: HclObjectEntry[]): void {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const key = this.text.slice(this.lines.offsetAt(e.keyRange.start), this.lines.offsetAt(e.keyRange.end));
      const message = this.splitAssignment(`map key \`${shorten(key)}\``, e.keyRange, e.value.range.start);
      if (message) this.add(copy(e.keyRange), message);
      const prev = entries[i - 1];
      if (prev && prev.value.range.end.line === e.keyRange.start.line && !this.between(prev.value.range.end, e.keyRange.start).includes(',')) {
        this.add(copy(e.keyRange), `map entries on one line need a comma between them: add \`,\` before \`${shorten(key)}\``);
      }
      this.value(e.value);
    }
  }

  /** What is wrong when a name, its `=` (or `:`) and its value do not start on one line. */
  private splitAssignment(what: string, name: Range, valueStart: Position): string | undefined {
    if (valueStart.line === name.end.line) return undefined;
    const eq = this.between(name.end, valueStart).search(/[=:]/);
    const eqLine = eq === -1 ? valueStart.line : this.lines.positionAt(this.lines.offsetAt(name.end) + eq).line;
    if (eqLine !== name.end.line) return `${what} and its \`=\` must be on the same line`;
    return `the value of ${what} must start on the same line as its \`=\``;
  }

  private between(from: Position, to: Position): string {
    return this.text.slice(this.lines.offsetAt(from), this.lines.offsetAt(to));
  }

  /** `group "db"` — the block's type and labels as written, on one line. */
  private name(block: HclBlock): string {
    const end = block.labels.length > 0 ? block.labels[block.labels.length - 1].range.end : block.typeRange.end;
    return `\`${this.between(block.typeRange.start, end).replace(/\s+/g, ' ')}\``;
  }

  private headerRange(block: HclBlock): Range {
    const end = block.labels.length > 0 ? block.labels[block.labels.length - 1].range.end : block.typeRange.end;
    return { start: { ...block.typeRange.start }, end: { ...end } };
  }

  private add(range: Range, message: string): void {
    if (this.out.length < this.limit) this.out.push({ code: 'syntax', severity: 'error', message, range });
  }
}

/** A body's attributes and blocks in document order (the view keeps them apart). */
function itemsOf(block: HclBlock): Item[] {
  const out: Item[] = [];
  const { attributes: attrs, blocks } = block;
  let a = 0;
  let b = 0;
  while (a < attrs.length || b < blocks.length) {
    const attr = attrs[a];
    const blk = blocks[b];
    if (attr && (!blk || before(attr.range.start, blk.range.start))) {
      out.push({ start: attr.range.start, end: attr.range.end, attr });
      a++;
    } else {
      out.push({ start: blk.range.start, end: blk.range.end, block: blk });
      b++;
    }
  }
  return out;
}

const NONE: Finding[] = [];

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The name of an attribute or the type of a block: where the item starts. */
function itemStart(item: Item): Range {
  return copy(item.attr ? item.attr.nameRange : item.block!.typeRange);
}

/** Findings never share Position objects with the view: reuse.ts moves those in place. */
function copy(r: Range): Range {
  return { start: { ...r.start }, end: { ...r.end } };
}

function shorten(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 37)}…` : one;
}
