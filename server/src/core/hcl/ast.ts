import type { Language, Node, Tree, TreeCursor } from 'web-tree-sitter';
import type { LineIndex } from '../text';
import type { Position, Range } from '../types';
import { kept, onEditLines, type ReuseInfo } from './reuse';
import { Attached } from '../attached';

/**
 * A plain, position-annotated view of an HCL file: blocks, attributes and values.
 * Built in one walk over the tree-sitter tree, so later layers never touch tree-sitter nodes
 * (which become invalid after the next edit) and never re-walk the tree.
 */

export interface HclInterpolation {
  /** Source text of the expression inside `${…}`, trimmed (e.g. `NOMAD_PORT_tcp`, `var.x`). */
  text: string;
  /** Range of that expression text. */
  range: Range;
  /** Range of the whole `${…}`. */
  outerRange: Range;
}

export interface HclTemplateLiteral {
  /** Raw source text of a literal part of a template (no `${…}` inside). */
  raw: string;
  range: Range;
}

export interface HclString {
  /** Content with HCL escapes (`\"`, `\\`, `\n`, `\t`) resolved; `${…}` kept verbatim. */
  value: string;
  /** Source text between the quotes (or the heredoc body). */
  raw: string;
  /** Whole literal, quotes or heredoc markers included. */
  range: Range;
  /** Range of `raw`. */
  contentRange: Range;
  heredoc: boolean;
  interpolations: HclInterpolation[];
  literals: HclTemplateLiteral[];
  /** True when the string contains `${…}` or `%{…}`. */
  isTemplate: boolean;
}

export type HclValue =
  | { kind: 'string'; str: HclString; range: Range }
  | { kind: 'number'; value: number; text: string; range: Range }
  | { kind: 'bool'; value: boolean; range: Range }
  | { kind: 'null'; range: Range }
  | { kind: 'tuple'; items: HclValue[]; range: Range }
  | { kind: 'object'; entries: HclObjectEntry[]; range: Range }
  /** Any other expression (reference, function call, conditional…), with the strings inside it. */
  | { kind: 'expr'; text: string; range: Range; strings: HclString[] };

export interface HclObjectEntry {
  key: string;
  keyRange: Range;
  value: HclValue;
}

export interface HclAttribute {
  name: string;
  nameRange: Range;
  range: Range;
  value: HclValue;
}

export interface HclLabel {
  value: string;
  range: Range;
}

export interface HclBlock {
  type: string;
  typeRange: Range;
  labels: HclLabel[];
  range: Range;
  /** Range of the `{`, or undefined for the file body. */
  openBrace?: Range;
  /** Range of the `}`; undefined when tree-sitter had to invent it (the file is unbalanced). */
  closeBrace?: Range;
  attributes: HclAttribute[];
  blocks: HclBlock[];
  /** Leading whitespace of the line the block starts on. */
  indent: string;
  /** On the file only: where nesting first exceeded MAX_NESTING (content below is left out). */
  nestingCut?: Range;
}

/**
 * Blocks and values nested deeper than this are left out of the view, so that no walk over it
 * (here, in the model or in rules) can overflow the stack; real jobs nest about ten levels.
 */
export const MAX_NESTING = 100;

/** A fresh Range of a node (for callers holding nodes; the view itself is built with a cursor). */
export function nodeRange(n: Node): Range {
  const s = n.startPosition;
  const e = n.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

/*
 * The walk. Every read through web-tree-sitter is a call into wasm with its arguments copied
 * in and out, so the view is built with one TreeCursor, reading per node only its type id (as
 * a small number from a table made once per grammar) and the offsets it needs. Text is sliced
 * from the parsed string and positions come from the document's LineIndex (tree-sitter's rows
 * and UTF-16 columns are the same lines and offsets).
 */

const OTHER = 0;
const BODY = 1;
const ATTRIBUTE = 2;
const BLOCK = 3;
const IDENTIFIER = 4;
const EXPRESSION = 5;
const LITERAL_VALUE = 6;
const COLLECTION_VALUE = 7;
const TEMPLATE_EXPR = 8;
const STRING_LIT = 9;
const QUOTED_TEMPLATE = 10;
const HEREDOC_TEMPLATE = 11;
const NUMERIC_LIT = 12;
const BOOL_LIT = 13;
const NULL_LIT = 14;
const TUPLE = 15;
const OBJECT = 16;
const OBJECT_ELEM = 17;
const COMMENT = 18;
const BLOCK_START = 19;
const BLOCK_END = 20;
const TEMPLATE_LITERAL = 21;
const TEMPLATE_INTERPOLATION = 22;
const TEMPLATE_INTERPOLATION_START = 23;
const TEMPLATE_DIRECTIVE = 24;
const HEREDOC_IDENTIFIER = 25;
const QUOTED_TEMPLATE_START = 26;
const QUOTED_TEMPLATE_END = 27;

/** Node type names by kind (index); every other type is OTHER. */
const KIND_NAMES = [
  '', 'body', 'attribute', 'block', 'identifier', 'expression', 'literal_value', 'collection_value', 'template_expr',
  'string_lit', 'quoted_template', 'heredoc_template', 'numeric_lit', 'bool_lit', 'null_lit', 'tuple', 'object',
  'object_elem', 'comment', 'block_start', 'block_end', 'template_literal', 'template_interpolation',
  'template_interpolation_start', 'template_directive', 'heredoc_identifier', 'quoted_template_start', 'quoted_template_end',
];
const KIND = 0x3f;
const NAMED = 0x40;

interface Grammar {
  /** Kind | NAMED, by node type id (ids are 16 bits; 0xffff is ERROR). */
  kinds: Uint8Array;
  keyField: number;
  valField: number;
}

const grammars = new WeakMap<Language, Grammar>();

function grammarOf(language: Language): Grammar {
  let g = grammars.get(language);
  if (!g) {
    const kinds = new Uint8Array(0x10000);
    // Named as `Node.type` names them (hidden types read as ERROR there; the cursor never stops on them).
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const kind = KIND_NAMES.indexOf(language.types[id] ?? 'ERROR');
      kinds[id] = (kind > 0 ? kind : OTHER) | (language.nodeTypeIsNamed(id) ? NAMED : 0);
    }
    kinds[0xffff] = OTHER | NAMED;
    g = { kinds, keyField: language.fieldIdForName('key') ?? -1, valField: language.fieldIdForName('val') ?? -1 };
    grammars.set(language, g);
  }
  return g;
}

/** State of the build in progress (builds are synchronous, one at a time). */
let c: TreeCursor;
let src = '';
let lines: LineIndex;
let kinds: Uint8Array;
let keyField = -1;
let valField = -1;
/** The line of the last position made: positions are made mostly in document order. */
let near = 0;
/** The first nesting cut of the build. */
let cut: Range | undefined;
let reusing: ReuseInfo | undefined;
/**
 * The tree has no ERROR or MISSING node: every node then has exactly the children of its grammar
 * rule (extras such as comments only between them, never first or last), so a literal_value,
 * collection_value or template_expr has one child and a string_lit is a `"`, a template_literal
 * and a `"` (see plainString).
 */
let clean = false;

/** Tree-sitter's id of the first child of the node each attribute and block was built from (see reuse.ts). */
const nodeIds = new Attached<HclAttribute | HclBlock, number>();

function kindHere(): number {
  return kinds[c.nodeTypeId] & KIND;
}

function pos(offset: number): Position {
  const line = lines.lineAt(offset, near);
  near = line;
  return { line, character: offset - lines.lineStart(line) };
}

function range(start: number, end: number): Range {
  return { start: pos(start), end: pos(end) };
}

/**
 * Builds the HCL view of a tree parsed from `text` (whose line index is `index`). With `reuse`,
 * attributes and blocks whose nodes the reparse kept are taken over from the previous view (see
 * reuse.ts), so an edit costs one node per child of the bodies that hold it, and what it changed.
 */
export function buildHclFile(tree: Tree, text: string, index: LineIndex, reuse?: ReuseInfo): HclBlock {
  ({ kinds, keyField, valField } = grammarOf(tree.language));
  src = text;
  lines = index;
  near = 0;
  cut = undefined;
  // A view with a cut is rebuilt whole: a reused block could hide where the cut is.
  reusing = reuse?.previous.nestingCut ? undefined : reuse;
  c = tree.walk();
  try {
    clean = !tree.rootNode.hasError;
    const start = c.startIndex;
    const end = c.endIndex;
    const file: HclBlock = {
      type: '',
      typeRange: range(start, end),
      labels: [],
      range: range(start, end),
      attributes: [],
      blocks: [],
      indent: '',
    };
    if (c.gotoFirstChild()) {
      do {
        if ((kinds[c.nodeTypeId] & (KIND | NAMED)) === (BODY | NAMED)) {
          if (reusing) fillBodyReusing(file.attributes, file.blocks, reusing.previous, 1);
          else fillBody(file.attributes, file.blocks, 1);
          break;
        }
      } while (c.gotoNextSibling());
    }
    if (cut) file.nestingCut = cut;
    return file;
  } finally {
    c.delete();
    cut = undefined;
    reusing = undefined;
    src = '';
  }
}

/** The attributes and blocks of the body under the cursor. */
function fillBody(attributes: HclAttribute[], blocks: HclBlock[], depth: number): void {
  if (!c.gotoFirstChild()) return;
  do {
    const kind = kindHere();
    if (kind === ATTRIBUTE) {
      const a = toAttribute(depth);
      if (a) attributes.push(a);
    } else if (kind === BLOCK) blocks.push(toBlock(depth, undefined));
  } while (c.gotoNextSibling());
  c.gotoParent();
}

/**
 * The body under the cursor, whose previous version is `old`'s: a child whose node the new tree
 * took over from the old one is `old`'s child (see reuse.ts); the others are walked.
 * The children the reparse took over come in their old order, so each is first compared with
 * the next old attribute and block (old ones on the edit's lines, which are never taken over,
 * are passed by); only a child that is neither is looked up among all old ones, unless it holds
 * the edit's start (a node holding the edit is new).
 */
function fillBodyReusing(attributes: HclAttribute[], blocks: HclBlock[], old: HclBlock, depth: number): void {
  const reuse = reusing!;
  const oldAttributes = old.attributes;
  const oldBlocks = old.blocks;
  let nextAttribute = 0;
  let nextBlock = 0;
  let byId: Map<number, HclAttribute | HclBlock> | undefined;
  if (!c.gotoFirstChild()) return;
  do {
    const id = firstChildId();
    let same: HclAttribute | HclBlock | undefined;
    let start = -1;
    if (id !== undefined) {
      while (nextAttribute < oldAttributes.length && onEditLines(oldAttributes[nextAttribute], reuse)) nextAttribute++;
      while (nextBlock < oldBlocks.length && onEditLines(oldBlocks[nextBlock], reuse)) nextBlock++;
      if (nextAttribute < oldAttributes.length && nodeIds.get(oldAttributes[nextAttribute]) === id) same = oldAttributes[nextAttribute++];
      else if (nextBlock < oldBlocks.length && nodeIds.get(oldBlocks[nextBlock]) === id) same = oldBlocks[nextBlock++];
      else {
        start = c.startIndex;
        if (start > reuse.start || c.endIndex < reuse.start) {
          same = (byId ??= idsOf(old)).get(id);
          // Out of order: go on comparing after it.
          if (same && 'blocks' in same) nextBlock = Math.max(nextBlock, oldBlocks.indexOf(same) + 1);
          else if (same) nextAttribute = Math.max(nextAttribute, oldAttributes.indexOf(same) + 1);
        }
      }
    }
    if (same && kept(same, reuse)) {
      if ('blocks' in same) blocks.push(same);
      else attributes.push(same);
      continue;
    }
    const kind = kindHere();
    if (kind === ATTRIBUTE) {
      const a = toAttribute(depth);
      if (a) attributes.push(a);
    } else if (kind === BLOCK) {
      // A block that starts before the edit (and so holds it): its old self guides the rebuild.
      if (start === -1) start = c.startIndex;
      blocks.push(toBlock(depth, start < reuse.start ? blockAt(old, pos(start)) : undefined));
    }
  } while (c.gotoNextSibling());
  c.gotoParent();
}

/** The old attributes and blocks by the id they were built from. */
function idsOf(old: HclBlock): Map<number, HclAttribute | HclBlock> {
  const byId = new Map<number, HclAttribute | HclBlock>();
  for (const a of old.attributes) {
    const id = nodeIds.get(a);
    if (id !== undefined) byId.set(id, a);
  }
  for (const b of old.blocks) {
    const id = nodeIds.get(b);
    if (id !== undefined) byId.set(id, b);
  }
  return byId;
}

/**
 * The id of the first child of the node under the cursor (undefined: it has none). A node's id
 * is the address of its slot in its parent's list of children, so a rebuilt body gives its
 * children new ids; a child the reparse took over keeps its own list, and so its children's ids.
 */
function firstChildId(): number | undefined {
  if (!c.gotoFirstChild()) return undefined;
  const id = c.nodeId;
  c.gotoParent();
  return id;
}

function blockAt(old: HclBlock, start: Position): HclBlock | undefined {
  for (const b of old.blocks) if (b.range.start.line === start.line && b.range.start.character === start.character) return b;
  return undefined;
}

/** The block under the cursor; `old`, its previous version, when its body may be partly reused. */
function toBlock(depth: number, old: HclBlock | undefined): HclBlock {
  let id = 0;
  // In a clean tree the block starts with its type and ends with its `}` (read below).
  let start = clean ? -1 : c.startIndex;
  let end = clean ? -1 : c.endIndex;
  let type = '';
  let typeRange: Range | undefined;
  const labels: HclLabel[] = [];
  let openBrace: Range | undefined;
  let closeBrace: Range | undefined;
  let attributes: HclAttribute[] = [];
  let blocks: HclBlock[] = [];
  let bodyCut: Range | undefined;
  if (c.gotoFirstChild()) {
    id = c.nodeId;
    let first = clean;
    do {
      switch (first ? IDENTIFIER : kindHere()) {
        case IDENTIFIER: {
          const s = c.startIndex;
          const e = c.endIndex;
          if (first) start = s;
          first = false;
          if (!typeRange) {
            type = src.slice(s, e);
            typeRange = range(s, e);
          } else labels.push({ value: src.slice(s, e), range: range(s, e) });
          break;
        }
        case STRING_LIT: {
          const s = c.startIndex;
          const e = c.endIndex;
          labels.push({ value: unescape(isPlain(s, e) ? src.slice(s + 1, e - 1) : stringLitContent()), range: range(s, e) });
          break;
        }
        case BLOCK_START: {
          // A `{` in the text is the one tree-sitter read (it invents one only where there is none).
          const s = c.startIndex;
          openBrace = range(s, src.charCodeAt(s) === 123 ? s + 1 : c.endIndex);
          break;
        }
        case BLOCK_END: {
          const s = c.startIndex;
          const e = clean ? s + 1 : c.endIndex;
          if (clean) end = e;
          // A lone `}` cannot hold an error (asking the node costs two wasm calls); an empty one was invented.
          if (e > s && ((e === s + 1 && src.charCodeAt(s) === 125) || !c.currentNode.hasError)) closeBrace = range(s, e);
          break;
        }
        case BODY:
          attributes = [];
          blocks = [];
          if (depth >= MAX_NESTING) bodyCut = range(c.startIndex, c.endIndex);
          else if (old && reusing) fillBodyReusing(attributes, blocks, old, depth + 1);
          else fillBody(attributes, blocks, depth + 1);
          break;
      }
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  if (start === -1 || end === -1) {
    start = c.startIndex;
    end = c.endIndex;
  }
  if (bodyCut) cut ??= bodyCut;
  const block: HclBlock = {
    type,
    typeRange: typeRange ?? range(start, end),
    labels,
    range: range(start, end),
    openBrace,
    closeBrace,
    attributes,
    blocks,
    indent: indentAt(start),
  };
  nodeIds.set(block, id);
  return block;
}

function indentAt(offset: number): string {
  const lineStart = src.lastIndexOf('\n', offset - 1) + 1;
  let i = lineStart;
  for (let ch = src.charCodeAt(i); i < offset && (ch === 32 || ch === 9); ch = src.charCodeAt(++i));
  return src.slice(lineStart, i);
}

function toAttribute(depth: number): HclAttribute | undefined {
  let id = 0;
  // In a clean tree the attribute starts with its name and ends with its expression.
  let start = clean ? -1 : c.startIndex;
  let end = clean ? -1 : c.endIndex;
  let name: string | undefined;
  let nameRange: Range | undefined;
  let value: HclValue | undefined;
  if (c.gotoFirstChild()) {
    id = c.nodeId;
    if (clean) {
      // The name is the first child and the expression the last.
      start = c.startIndex;
      const e = c.endIndex;
      name = src.slice(start, e);
      nameRange = range(start, e);
      c.gotoParent();
      c.gotoLastChild();
      value = toValue(depth, EXPRESSION);
      end = valueIsWhole ? offsetOf(value.range.end) : c.endIndex;
    } else {
      do {
        const kind = kindHere();
        if (kind === IDENTIFIER && name === undefined) {
          const s = c.startIndex;
          const e = c.endIndex;
          name = src.slice(s, e);
          nameRange = range(s, e);
        } else if (kind === EXPRESSION && name !== undefined) {
          value = toValue(depth, kind);
          break;
        }
      } while (c.gotoNextSibling());
    }
    c.gotoParent();
  }
  if (name === undefined) return undefined;
  if (start === -1 || end === -1) {
    start = c.startIndex;
    end = c.endIndex;
  }
  const attribute: HclAttribute = {
    name,
    nameRange: nameRange!,
    range: range(start, end),
    value: value ?? { kind: 'expr', text: '', range: range(start, end), strings: [] },
  };
  nodeIds.set(attribute, id);
  return attribute;
}

/**
 * Set by toValue: the value's node spans the whole expression (each wrapper unwrapped had no
 * other child, such as the parentheses of `(…)`).
 */
let valueIsWhole = false;

function offsetOf(p: Position): number {
  return lines.lineStart(p.line) + p.character;
}

function isWrapper(kind: number): boolean {
  return kind === EXPRESSION || kind === LITERAL_VALUE || kind === COLLECTION_VALUE || kind === TEMPLATE_EXPR;
}

/**
 * The value of the expression under the cursor, `kind` its kind: the grammar's wrapper nodes
 * (`expression`, `literal_value`, `(…)`) with a single named child are unwrapped down to the value.
 */
function toValue(depth: number, kind: number): HclValue {
  let levels = 0;
  let whole = true;
  while (isWrapper(kind) && c.gotoFirstChild()) {
    if (clean && kind !== EXPRESSION) {
      levels++;
      kind = kindHere();
      continue;
    }
    let count = 0;
    let at = 0;
    let index = 0;
    let only = OTHER;
    do {
      const k = kinds[c.nodeTypeId];
      if (k & NAMED && (k & KIND) !== COMMENT) {
        count++;
        at = index;
        only = k & KIND;
      }
      index++;
    } while (c.gotoNextSibling());
    if (count !== 1) {
      c.gotoParent();
      break;
    }
    if (index !== 1) whole = false;
    if (at !== index - 1) {
      c.gotoParent();
      c.gotoFirstChild();
      for (let i = 0; i < at; i++) c.gotoNextSibling();
    }
    levels++;
    kind = only;
  }
  const value = valueHere(depth, kind);
  for (; levels > 0; levels--) c.gotoParent();
  valueIsWhole = whole;
  return value;
}

function valueHere(depth: number, kind: number): HclValue {
  const start = c.startIndex;
  const end = c.endIndex;
  const r = range(start, end);
  if ((kind === TUPLE || kind === OBJECT) && depth >= MAX_NESTING) {
    cut ??= range(start, end);
    return { kind: 'expr', text: src.slice(start, end), range: r, strings: [] };
  }
  switch (kind) {
    case STRING_LIT:
    case QUOTED_TEMPLATE:
    case HEREDOC_TEMPLATE:
      return { kind: 'string', str: toString(kind, start, end), range: r };
    case NUMERIC_LIT: {
      const text = src.slice(start, end);
      return { kind: 'number', value: Number(text), text, range: r };
    }
    case BOOL_LIT:
      return { kind: 'bool', value: src.slice(start, end) === 'true', range: r };
    case NULL_LIT:
      return { kind: 'null', range: r };
    case TUPLE: {
      const items: HclValue[] = [];
      if (c.gotoFirstChild()) {
        do if (kindHere() === EXPRESSION) items.push(toValue(depth + 1, EXPRESSION));
        while (c.gotoNextSibling());
        c.gotoParent();
      }
      return { kind: 'tuple', items, range: r };
    }
    case OBJECT: {
      const entries: HclObjectEntry[] = [];
      if (c.gotoFirstChild()) {
        do if (kindHere() === OBJECT_ELEM) entries.push(toEntry(depth + 1));
        while (c.gotoNextSibling());
        c.gotoParent();
      }
      return { kind: 'object', entries, range: r };
    }
    default:
      return { kind: 'expr', text: src.slice(start, end), range: r, strings: collectStrings() };
  }
}

function toEntry(depth: number): HclObjectEntry {
  const start = c.startIndex;
  const end = c.endIndex;
  let key: string | undefined;
  let keyRange: Range | undefined;
  let value: HclValue | undefined;
  if (c.gotoFirstChild()) {
    do {
      const field = c.currentFieldId;
      if (field === keyField && key === undefined) {
        const s = c.startIndex;
        const e = c.endIndex;
        const v = toValue(depth, kindHere());
        key = v.kind === 'string' ? v.str.value : v.kind === 'expr' ? v.text : src.slice(s, e);
        keyRange = range(s, e);
      } else if (field === valField && !value) value = toValue(depth, kindHere());
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  return {
    key: key ?? '',
    keyRange: keyRange ?? range(start, end),
    value: value ?? { kind: 'null', range: range(start, end) },
  };
}

function isString(kind: number): boolean {
  return kind === STRING_LIT || kind === QUOTED_TEMPLATE || kind === HEREDOC_TEMPLATE;
}

/** The strings inside the expression under the cursor, in document order (iterative: calls nest deeply). */
function collectStrings(): HclString[] {
  const out: HclString[] = [];
  if (!c.gotoFirstChild()) return out;
  let depth = 1;
  for (;;) {
    const k = kinds[c.nodeTypeId];
    if (k & NAMED) {
      const kind = k & KIND;
      if (isString(kind)) {
        const start = c.startIndex;
        const end = c.endIndex;
        out.push(toString(kind, start, end));
      } else if (c.gotoFirstChild()) {
        depth++;
        continue;
      }
    }
    while (!c.gotoNextSibling()) {
      c.gotoParent();
      if (--depth === 0) return out;
    }
  }
}

/** Text of the string_lit under the cursor (its template_literal child). */
function stringLitContent(): string {
  let out = '';
  if (!c.gotoFirstChild()) return out;
  do {
    if (kindHere() === TEMPLATE_LITERAL) {
      out = src.slice(c.startIndex, c.endIndex);
      break;
    }
  } while (c.gotoNextSibling());
  c.gotoParent();
  return out;
}

/** The string under the cursor, [start, end) its node. */
function toString(kind: number, start: number, end: number): HclString {
  if (kind === STRING_LIT && isPlain(start, end)) return plainString(start, end);
  const heredoc = kind === HEREDOC_TEMPLATE;
  let openEnd = -1;
  let closeStart = -1;
  let ids = 0;
  let quoteEnd = -1;
  let closeQuote = -1;
  const interpolations: HclInterpolation[] = [];
  const literals: HclTemplateLiteral[] = [];
  let isTemplate = false;
  if (c.gotoFirstChild()) {
    do {
      switch (kindHere()) {
        case HEREDOC_IDENTIFIER:
          if (ids++ === 0) openEnd = c.endIndex;
          else closeStart = c.startIndex;
          break;
        case QUOTED_TEMPLATE_START:
          if (quoteEnd === -1) quoteEnd = clean ? start + 1 : c.endIndex;
          break;
        case QUOTED_TEMPLATE_END:
          // The last child: one that ends the string is a real quote; an invented one is empty.
          if (closeQuote === -1) {
            const s = clean ? end - 1 : c.startIndex;
            if (s === end - 1 || !c.nodeIsMissing) closeQuote = s;
          }
          break;
        case TEMPLATE_LITERAL: {
          const s = c.startIndex;
          const e = c.endIndex;
          literals.push({ raw: src.slice(s, e), range: range(s, e) });
          break;
        }
        case TEMPLATE_INTERPOLATION:
          isTemplate = true;
          interpolations.push(toInterpolation(true)!);
          break;
        case TEMPLATE_DIRECTIVE:
          isTemplate = true;
          collectDirective(interpolations, literals, 1);
          break;
      }
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  let contentStart: number;
  let contentEnd: number;
  if (heredoc) {
    const afterOpen = openEnd === -1 ? -1 : src.indexOf('\n', openEnd);
    contentStart = afterOpen === -1 ? end : afterOpen + 1;
    contentEnd = closeStart === -1 ? end : src.lastIndexOf('\n', closeStart - 1) + 1;
    if (contentEnd < contentStart) contentEnd = contentStart;
  } else {
    contentStart = quoteEnd === -1 ? start : quoteEnd;
    contentEnd = closeQuote === -1 ? end : closeQuote;
  }
  const raw = src.slice(contentStart, contentEnd);
  return {
    value: heredoc ? raw : unescape(raw),
    raw,
    range: range(start, end),
    contentRange: range(contentStart, contentEnd),
    heredoc,
    interpolations,
    literals,
    isTemplate,
  };
}

/**
 * True for a string_lit of a clean tree whose content starts and ends with a printable ASCII
 * character: the scanner skips white space before each token (so a template_literal never starts
 * or ends with it), and otherwise takes every character, so the template_literal is the content.
 */
function isPlain(start: number, end: number): boolean {
  if (!clean) return false;
  if (end - start <= 2) return true;
  const first = src.charCodeAt(start + 1);
  const last = src.charCodeAt(end - 2);
  return first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f;
}

/** A string_lit (see isPlain) read without visiting its quotes and content. */
function plainString(start: number, end: number): HclString {
  const raw = src.slice(start + 1, end - 1);
  return {
    value: unescape(raw),
    raw,
    range: range(start, end),
    contentRange: range(start + 1, end - 1),
    heredoc: false,
    interpolations: [],
    literals: raw ? [{ raw, range: range(start + 1, end - 1) }] : [],
    isTemplate: false,
  };
}

/**
 * The `${…}` under the cursor. Without an expression inside: in a string, an empty range after
 * the `${`; in a directive, nothing.
 */
function toInterpolation(inString: boolean): HclInterpolation | undefined {
  const start = c.startIndex;
  const end = c.endIndex;
  let exprStart = -1;
  let exprEnd = -1;
  let openEnd = -1;
  if (c.gotoFirstChild()) {
    do {
      const kind = kindHere();
      if (kind === EXPRESSION) {
        exprStart = c.startIndex;
        exprEnd = c.endIndex;
        break;
      }
      if (kind === TEMPLATE_INTERPOLATION_START && openEnd === -1) openEnd = c.endIndex;
    } while (c.gotoNextSibling());
    c.gotoParent();
  }
  if (exprStart !== -1) return { text: src.slice(exprStart, exprEnd).trim(), range: range(exprStart, exprEnd), outerRange: range(start, end) };
  if (!inString) return undefined;
  const at = pos(openEnd === -1 ? end : openEnd);
  return { text: '', range: { start: at, end: { ...at } }, outerRange: range(start, end) };
}

/** `${…}` and literals nested in `%{ if }…%{ endif }` directives still count. */
function collectDirective(interps: HclInterpolation[], literals: HclTemplateLiteral[], depth: number): void {
  if (depth >= MAX_NESTING) {
    cut ??= range(c.startIndex, c.endIndex);
    return;
  }
  if (!c.gotoFirstChild()) return;
  do {
    const k = kinds[c.nodeTypeId];
    if (!(k & NAMED)) continue;
    const kind = k & KIND;
    if (kind === TEMPLATE_LITERAL) {
      const s = c.startIndex;
      const e = c.endIndex;
      literals.push({ raw: src.slice(s, e), range: range(s, e) });
    } else if (kind === TEMPLATE_INTERPOLATION) {
      const i = toInterpolation(false);
      if (i) interps.push(i);
    } else collectDirective(interps, literals, depth + 1);
  } while (c.gotoNextSibling());
  c.gotoParent();
}

export function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(["\\nrt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
