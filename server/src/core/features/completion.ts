import type { NomadDocument } from '../document';
import type { Interpolation } from '../model/types';
import { catalogFor, type RuntimeVar } from '../nomadEnv/catalog';
import { nameIn } from '../nomadEnv/resolve';
import { NODE_VARS } from '../nomadEnv/runtimeVars';
import { cleanEnvVar } from '../nomadEnv/sanitize';
import { interpolationAt, siteOf } from '../nomadEnv/scope';
import type { Position, Range, TextEdit } from '../types';
import type { Version } from '../version';

/** Completion of runtime variable names inside `${…}` and `{{ env "…" }}`. */

export interface CompletionEntry {
  label: string;
  kind: 'variable' | 'constant';
  /** One line: what the name resolves to. */
  detail: string;
  /** Markdown: where it comes from and since when. */
  documentation: string;
  sortText: string;
  textEdit: TextEdit;
}

export interface CompletionOptions {
  nomadVersion: Version;
  /**
   * Parses a repaired copy of the text. A half-typed `${NOMAD_` breaks the whole tree, so the
   * scope is taken from the text with the interpolation closed at the cursor.
   */
  reparse?: (text: string) => NomadDocument;
}

/** What the text before the cursor opens: `${`, `{{ env "` or a lone `$`. */
type Opening = 'interpolation' | 'template-env' | 'dollar';

const NAME_CHAR = /[A-Za-z0-9_.-]/;

export function completeAt(doc: NomadDocument, pos: Position, opts: CompletionOptions): CompletionEntry[] {
  const line = doc.lines.lineText(pos.line);
  const before = line.slice(0, pos.character);
  const typed = /[A-Za-z0-9_.-]*$/.exec(before)![0];
  const start = pos.character - typed.length;
  let end = pos.character;
  while (end < line.length && NAME_CHAR.test(line[end])) end++;
  const opening = openingOf(before.slice(0, start), typed);
  if (!opening) return [];

  const interpolation = findInterpolation(doc, pos, opening, line, end, opts);
  if (!interpolation) return [];
  if ((opening === 'template-env') !== (interpolation.kind === 'template-env')) return [];

  const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } };
  const wrap = (name: string) => (opening === 'dollar' ? `{${name}}` : name);
  const items: CompletionEntry[] = [];
  const seen = new Set<string>();
  const push = (label: string, kind: CompletionEntry['kind'], detail: string, documentation: string, rank: number) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push({ label, kind, detail, documentation, sortText: `${rank}${String(items.length).padStart(5, '0')}`, textEdit: { range, newText: wrap(label) } });
  };

  const site = siteOf(interpolation);
  if (site.scope) {
    for (const v of catalogFor(site.scope, opts.nomadVersion).vars) {
      if (site.form === 'raw' && !v.inEnv) continue;
      // Nomad sets a dashed upstream under both spellings; offer the one that works everywhere.
      if (v.family === 'upstream' && v.raw !== cleanEnvVar(v.raw)) continue;
      const name = nameIn(v, site.form);
      push(name, v.family === 'runtime' ? 'constant' : 'variable', v.meaning, docOf(name, v), v.rank);
    }
  }
  // Templates read the task environment plus the node values (`TaskEnv.All()`).
  for (const n of NODE_VARS) push(n.name, 'constant', n.meaning, 'Node value, resolved on the client that runs the allocation.', 7);
  if (interpolation.kind === 'interpolation') {
    for (const v of doc.model.variables) push(`var.${v.name}`, 'variable', `input variable \`${v.name}\``, 'HCL2 input variable of this job file.', 8);
    for (const l of doc.model.locals) push(`local.${l.name}`, 'variable', `local value \`${l.name}\``, 'HCL2 local value of this job file.', 8);
  }
  return items;
}

function docOf(name: string, v: RuntimeVar): string {
  const lines = [`**${name}**`, '', v.meaning, '', `From ${v.origin}. Set since Nomad ${v.since}.`];
  return lines.join('\n');
}

function openingOf(pre: string, typed: string): Opening | undefined {
  if (/(?:^|[^$])\$\{\s*$/.test(pre)) return 'interpolation';
  if (/\{\{-?\s*env\s+\\?"$/.test(pre)) return 'template-env';
  if (typed === '' && /(?:^|[^$])\$$/.test(pre)) return 'dollar';
  return undefined;
}

/**
 * The interpolation the cursor is in, from the document's model; when the half-typed text does
 * not parse, from a copy with the interpolation (and its string and list) closed at the cursor.
 */
function findInterpolation(doc: NomadDocument, pos: Position, opening: Opening, line: string, end: number, opts: CompletionOptions): Interpolation | undefined {
  const rest = line.slice(end);
  // An unclosed `${` makes the parser borrow a later `}`: only trust a closed one.
  if (opening === 'template-env' || (opening === 'interpolation' && /^\s*\}/.test(rest))) {
    const found = interpolationAt(doc.model, pos);
    if (found) return found;
  }
  if (!opts.reparse) return undefined;
  const head = line.slice(0, end);
  let insert: string;
  if (opening === 'template-env') insert = /\\"[A-Za-z0-9_.-]*$/.test(head) ? '\\"' : '"';
  else if (opening === 'dollar') insert = '{}';
  // `${attr.` is not an expression yet: the copy gets a name after the dot.
  else insert = (head.endsWith('.') ? 'x' : '') + (/^\s*\}/.test(rest) ? '' : '}');
  if (quoteOpen(head + insert) && !rest.includes('"')) {
    insert += '"';
    if (rest.trim() === '') {
      const open = unclosedBrackets(head);
      // A list element on its own line (`"-flag", "${NOMAD_`) needs its comma; HCL allows a trailing one.
      insert += open > 0 ? ']'.repeat(open) : head.trimStart().startsWith('"') ? ',' : '';
    }
  }
  if (!insert) return undefined;
  const offset = doc.lines.offsetAt({ line: pos.line, character: opening === 'dollar' ? pos.character : end });
  const repaired = repairedCopy(doc, offset, insert, opts.reparse);
  const at = opening === 'dollar' ? { line: pos.line, character: pos.character + 1 } : pos;
  return interpolationAt(repaired.model, at);
}

/**
 * The repaired copy of the document being typed in: its text with `insert` at `offset`. While
 * the text stays half-typed, each request differs from the last copy by the keystrokes since,
 * so the copy is updated incrementally (tree, HCL view and model reuse), not parsed anew.
 */
let shadow: { of: NomadDocument; copy: NomadDocument } | undefined;

function repairedCopy(doc: NomadDocument, offset: number, insert: string, reparse: (text: string) => NomadDocument): NomadDocument {
  if (shadow?.of === doc) {
    const copy = shadow.copy;
    const change = changeTo(copy, doc.text, offset, insert);
    if (change) copy.update([change], copy.version + 1);
    return copy;
  }
  shadow?.copy.dispose();
  shadow = { of: doc, copy: reparse(doc.text.slice(0, offset) + insert + doc.text.slice(offset)) };
  return shadow.copy;
}

/**
 * The one range edit turning the copy's text into `base` with `insert` at `offset`, without
 * building that text: common prefix and suffix, compared natively away from the cursor.
 */
function changeTo(copy: NomadDocument, base: string, offset: number, insert: string): { range: Range; text: string } | undefined {
  const old = copy.text;
  const length = base.length + insert.length;
  const end = offset + insert.length;
  const charAt = (i: number) => (i < offset ? base.charCodeAt(i) : i < end ? insert.charCodeAt(i - offset) : base.charCodeAt(i - insert.length));
  const max = Math.min(old.length, length);
  let prefix = Math.max(0, Math.min(offset, max) - 64);
  if (!old.startsWith(base.slice(0, prefix))) prefix = 0;
  while (prefix < max && old.charCodeAt(prefix) === charAt(prefix)) prefix++;
  if (prefix === max && old.length === length) return undefined;
  let suffix = Math.max(0, Math.min(max - prefix, base.length - offset - 64));
  if (!old.endsWith(base.slice(base.length - suffix))) suffix = 0;
  while (suffix < max - prefix && old.charCodeAt(old.length - 1 - suffix) === charAt(length - 1 - suffix)) suffix++;
  const to = length - suffix;
  const text =
    base.slice(Math.min(prefix, offset), Math.min(to, offset)) +
    insert.slice(Math.max(0, Math.min(prefix, end) - offset), Math.max(0, Math.min(to, end) - offset)) +
    base.slice(Math.max(prefix, end) - insert.length, Math.max(to, end) - insert.length);
  return { range: { start: copy.lines.positionAt(prefix), end: copy.lines.positionAt(old.length - suffix) }, text };
}

/** True when the line, up to the cursor, is inside a quoted string. */
function quoteOpen(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') open = !open;
  }
  return open;
}

/** `[` opened on this line outside strings and not closed. */
function unclosedBrackets(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') inString = !inString;
    else if (!inString && c === '[') depth++;
    else if (!inString && c === ']') depth--;
  }
  return depth;
}
