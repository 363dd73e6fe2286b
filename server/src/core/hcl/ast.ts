import type { Node, Tree } from 'web-tree-sitter';
import type { Range } from '../types';
import { isDirty, positionKey, type ReuseInfo, reusedBlock } from './reuse';

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

/** The first cut of the build in progress (builds are synchronous, one at a time). */
let cut: Range | undefined;

function cutAt(n: Node): void {
  cut ??= nodeRange(n);
}

/** A fresh Range: Position objects are never shared within a view (reuse.ts moves them in place). */
export function nodeRange(n: Node): Range {
  const s = n.startPosition;
  const e = n.endPosition;
  return { start: { line: s.row, character: s.column }, end: { line: e.row, character: e.column } };
}

/**
 * Builds the HCL view of a tree. With `reuse`, blocks the last edit did not touch are taken over
 * from the previous view (see reuse.ts), so an edit costs a walk of the changed block only.
 */
export function buildHclFile(tree: Tree, text: string, reuse?: ReuseInfo): HclBlock {
  const root = tree.rootNode;
  const file: HclBlock = {
    type: '',
    typeRange: nodeRange(root),
    labels: [],
    range: nodeRange(root),
    attributes: [],
    blocks: [],
    indent: '',
  };
  const body = root.namedChildren.find((c) => c?.type === 'body');
  // A view with a cut is rebuilt whole: a reused block could hide where the cut is.
  if (reuse?.previous.nestingCut) reuse = undefined;
  cut = undefined;
  if (body) fillBody(file, body, text, reuse, reuse?.previous, 1);
  if (cut) file.nestingCut = cut;
  cut = undefined;
  return file;
}

function fillBody(block: HclBlock, body: Node, text: string, reuse: ReuseInfo | undefined, old: HclBlock | undefined, depth: number): void {
  const oldChildren = reuse && old ? new Map(old.blocks.map((b) => [positionKey(b.range.start), b])) : undefined;
  for (const child of body.namedChildren) {
    if (!child) continue;
    const type = child.type;
    if (type === 'attribute') {
      const attr = toAttribute(child, text, depth);
      if (attr) block.attributes.push(attr);
    } else if (type === 'block') {
      if (reuse && oldChildren) {
        const start = child.startIndex;
        const range = nodeRange(child);
        if (!isDirty(reuse, start, child.endIndex)) {
          const reused = reusedBlock(reuse, oldChildren, start, range.start, range.end.line - range.start.line);
          if (reused) {
            block.blocks.push(reused);
            continue;
          }
        }
        // A block containing the edit starts where it did: its old self guides the rebuild.
        const before = start < reuse.start;
        block.blocks.push(toBlock(child, text, before ? reuse : undefined, before ? oldChildren.get(positionKey(range.start)) : undefined, depth));
      } else block.blocks.push(toBlock(child, text, undefined, undefined, depth));
    }
  }
}

function toBlock(n: Node, text: string, reuse: ReuseInfo | undefined, old: HclBlock | undefined, depth: number): HclBlock {
  let typeNode: Node | undefined;
  const labels: HclLabel[] = [];
  let openBrace: Range | undefined;
  let closeBrace: Range | undefined;
  let body: Node | undefined;
  for (const c of n.children) {
    if (!c) continue;
    switch (c.type) {
      case 'identifier':
        if (!typeNode) typeNode = c;
        else labels.push({ value: c.text, range: nodeRange(c) });
        break;
      case 'string_lit':
        labels.push({ value: unescape(stringLitContent(c)), range: nodeRange(c) });
        break;
      case 'block_start':
        openBrace = nodeRange(c);
        break;
      case 'block_end':
        if (!c.isMissing && !c.hasError && c.endIndex > c.startIndex) closeBrace = nodeRange(c);
        break;
      case 'body':
        body = c;
        break;
    }
  }
  const block: HclBlock = {
    type: typeNode?.text ?? '',
    typeRange: typeNode ? nodeRange(typeNode) : nodeRange(n),
    labels,
    range: nodeRange(n),
    openBrace,
    closeBrace,
    attributes: [],
    blocks: [],
    indent: indentAt(text, n.startIndex),
  };
  if (body && depth >= MAX_NESTING) cutAt(body);
  else if (body) fillBody(block, body, text, reuse, old, depth + 1);
  return block;
}

function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))![0];
}

function toAttribute(n: Node, text: string, depth: number): HclAttribute | undefined {
  let nameNode: Node | undefined;
  let exprNode: Node | undefined;
  for (const c of n.namedChildren) {
    if (!c) continue;
    const type = c.type;
    if (type === 'identifier') nameNode ??= c;
    else if (type === 'expression') exprNode ??= c;
  }
  if (!nameNode) return undefined;
  const value: HclValue = exprNode
    ? toValue(exprNode, text, depth, 'expression')
    : { kind: 'expr', text: '', range: nodeRange(n), strings: [] };
  return { name: nameNode.text, nameRange: nodeRange(nameNode), range: nodeRange(n), value };
}

const WRAPPERS = new Set(['expression', 'literal_value', 'collection_value', 'template_expr']);

/**
 * A node with its type, read once: every `Node.type` read is a call into the wasm parser, and
 * the view is rebuilt on every edit.
 */
interface Typed {
  node: Node;
  type: string;
}

function namedOf(n: Node): Typed[] {
  const out: Typed[] = [];
  for (const c of n.namedChildren) {
    if (!c) continue;
    const type = c.type;
    if (type !== 'comment') out.push({ node: c, type });
  }
  return out;
}

/** Unwraps the grammar's wrapper nodes (`expression`, `literal_value`, `(…)`) down to the value. */
function toValue(node: Node, text: string, depth: number, nodeType = node.type): HclValue {
  let n = node;
  let type = nodeType;
  let named: Typed[] | undefined;
  while (WRAPPERS.has(type)) {
    named = namedOf(n);
    if (named.length !== 1) break;
    ({ node: n, type } = named[0]);
    named = undefined;
  }
  const range = nodeRange(n);
  if ((type === 'tuple' || type === 'object') && depth >= MAX_NESTING) {
    cutAt(n);
    return { kind: 'expr', text: n.text, range, strings: [] };
  }
  switch (type) {
    case 'string_lit':
    case 'quoted_template':
    case 'heredoc_template':
      return { kind: 'string', str: toString(n, text, type), range };
    case 'numeric_lit':
      return { kind: 'number', value: Number(n.text), text: n.text, range };
    case 'bool_lit':
      return { kind: 'bool', value: n.text === 'true', range };
    case 'null_lit':
      return { kind: 'null', range };
    case 'tuple':
      return {
        kind: 'tuple',
        items: (named ?? namedOf(n)).filter((c) => c.type === 'expression').map((c) => toValue(c.node, text, depth + 1, c.type)),
        range,
      };
    case 'object':
      return { kind: 'object', entries: (named ?? namedOf(n)).filter((c) => c.type === 'object_elem').map((c) => toEntry(c.node, text, depth + 1)), range };
    default:
      return { kind: 'expr', text: n.text, range, strings: collectStrings(n, text) };
  }
}

function toEntry(n: Node, text: string, depth: number): HclObjectEntry {
  const keyNode = n.childForFieldName('key');
  const valNode = n.childForFieldName('val');
  const keyValue = keyNode ? toValue(keyNode, text, depth) : undefined;
  const key = keyValue?.kind === 'string' ? keyValue.str.value : keyValue?.kind === 'expr' ? keyValue.text : keyNode?.text ?? '';
  return {
    key,
    keyRange: keyNode ? nodeRange(keyNode) : nodeRange(n),
    value: valNode ? toValue(valNode, text, depth) : { kind: 'null', range: nodeRange(n) },
  };
}

/** The strings inside an expression, in document order (an explicit stack: calls nest deeply). */
function collectStrings(n: Node, text: string): HclString[] {
  const out: HclString[] = [];
  const stack = [n];
  for (let c = stack.pop(); c; c = stack.pop()) {
    const type = c.type;
    if (type === 'string_lit' || type === 'quoted_template' || type === 'heredoc_template') out.push(toString(c, text, type));
    else {
      const kids = c.namedChildren;
      for (let i = kids.length - 1; i >= 0; i--) if (kids[i]) stack.push(kids[i]!);
    }
  }
  return out;
}

function stringLitContent(n: Node): string {
  const lit = n.namedChildren.find((c) => c?.type === 'template_literal');
  return lit ? lit.text : '';
}

function toString(n: Node, text: string, nodeType = n.type): HclString {
  const heredoc = nodeType === 'heredoc_template';
  const parts: Typed[] = [];
  for (const c of n.children) if (c) parts.push({ node: c, type: c.type });
  let contentStart: number;
  let contentEnd: number;
  if (heredoc) {
    const ids = parts.filter((c) => c.type === 'heredoc_identifier').map((c) => c.node);
    const open = ids[0];
    const close = ids.length > 1 ? ids[ids.length - 1] : undefined;
    const afterOpen = open ? text.indexOf('\n', open.endIndex) : -1;
    contentStart = afterOpen === -1 ? n.endIndex : afterOpen + 1;
    contentEnd = close ? lineStartOf(text, close.startIndex) : n.endIndex;
    if (contentEnd < contentStart) contentEnd = contentStart;
  } else {
    const start = parts.find((c) => c.type === 'quoted_template_start')?.node;
    const end = parts.find((c) => c.type === 'quoted_template_end' && !c.node.isMissing)?.node;
    contentStart = start ? start.endIndex : n.startIndex;
    contentEnd = end ? end.startIndex : n.endIndex;
  }
  const interpolations: HclInterpolation[] = [];
  const literals: HclTemplateLiteral[] = [];
  let isTemplate = false;
  for (const { node: c, type } of parts) {
    if (type === 'template_literal') {
      literals.push({ raw: c.text, range: nodeRange(c) });
    } else if (type === 'template_interpolation') {
      isTemplate = true;
      const expr = c.namedChildren.find((k) => k?.type === 'expression');
      if (expr) interpolations.push({ text: expr.text.trim(), range: nodeRange(expr), outerRange: nodeRange(c) });
      else interpolations.push({ text: '', range: emptyRangeAfterStart(c), outerRange: nodeRange(c) });
    } else if (type === 'template_directive') {
      isTemplate = true;
      collectDirective(c, interpolations, literals, 1);
    }
  }
  const raw = text.slice(contentStart, contentEnd);
  return {
    value: heredoc ? raw : unescape(raw),
    raw,
    range: nodeRange(n),
    contentRange: { start: pointAt(n, text, contentStart), end: pointAt(n, text, contentEnd) },
    heredoc,
    interpolations,
    literals,
    isTemplate,
  };
}

/** `${…}` and literals nested in `%{ if }…%{ endif }` directives still count. */
function collectDirective(n: Node, interps: HclInterpolation[], literals: HclTemplateLiteral[], depth: number): void {
  if (depth >= MAX_NESTING) return cutAt(n);
  for (const c of n.namedChildren) {
    if (!c) continue;
    if (c.type === 'template_literal') literals.push({ raw: c.text, range: nodeRange(c) });
    else if (c.type === 'template_interpolation') {
      const expr = c.namedChildren.find((k) => k?.type === 'expression');
      if (expr) interps.push({ text: expr.text.trim(), range: nodeRange(expr), outerRange: nodeRange(c) });
    } else collectDirective(c, interps, literals, depth + 1);
  }
}

function emptyRangeAfterStart(interp: Node): Range {
  const start = interp.children.find((k) => k?.type === 'template_interpolation_start');
  const end = nodeRange(start ?? interp).end;
  return { start: end, end: { ...end } };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Position of an offset, derived from a node's known start position (avoids a line table). */
function pointAt(anchor: Node, text: string, offset: number) {
  let line = anchor.startPosition.row;
  let lineStart = anchor.startIndex - anchor.startPosition.column;
  for (let i = text.indexOf('\n', anchor.startIndex); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function unescape(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(["\\nrt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}
