import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Parser } from 'web-tree-sitter';
import { NomadDocument } from '../../server/src/core/document';
import { LineIndex } from '../../server/src/core/text';
import type { Position } from '../../server/src/core/types';
import { newHclParser } from '../../server/src/node/treeSitter';

/** The cursor marker in fixtures: `<|>` marks where completion/hover/etc. is asked. */
export const CURSOR = '<|>';

let parser: Parser | undefined;

export async function sharedParser(): Promise<Parser> {
  return (parser ??= await newHclParser());
}

export async function parseDoc(text: string, uri = 'file:///test.nomad'): Promise<NomadDocument> {
  return NomadDocument.create(await sharedParser(), uri, text, 1);
}

/** Removes the cursor marker and returns the clean text with the cursor's position. */
export function withCursor(marked: string): { text: string; position: Position; offset: number } {
  const offset = marked.indexOf(CURSOR);
  if (offset === -1) throw new Error(`fixture has no cursor marker ${CURSOR}`);
  const text = marked.slice(0, offset) + marked.slice(offset + CURSOR.length);
  return { text, offset, position: new LineIndex(text).positionAt(offset) };
}

export async function parseWithCursor(marked: string): Promise<{ doc: NomadDocument; position: Position }> {
  const { text, position } = withCursor(marked);
  return { doc: await parseDoc(text), position };
}

export const PROJECT_ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = path.join(PROJECT_ROOT, 'test/fixtures');
export const EXAMPLES = path.join(PROJECT_ROOT, 'examples');

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function example(name: string): string {
  return readFileSync(path.join(EXAMPLES, name), 'utf8');
}

/** Applies edits (non-overlapping, any order) to text, as an editor would. */
export function applyEdits(text: string, edits: { range: { start: Position; end: Position }; newText: string }[]): string {
  const lines = new LineIndex(text);
  const sorted = [...edits].sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, lines.offsetAt(e.range.start)) + e.newText + out.slice(lines.offsetAt(e.range.end));
  return out;
}
