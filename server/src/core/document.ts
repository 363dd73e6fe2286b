import { Edit, type Language, Parser, type Tree } from 'web-tree-sitter';
import { buildHclFile, type HclBlock } from './hcl/ast';
import type { ReuseInfo } from './hcl/reuse';
import { buildModel } from './model/build';
import type { NomadFile } from './model/types';
import { LineIndex } from './text';
import type { Range } from './types';

export interface ContentChange {
  /** Absent for a full-text replacement. */
  range?: Range;
  text: string;
}

/**
 * One open job file: its text, its tree-sitter tree (kept across edits and reparsed
 * incrementally) and, computed on first use, the HCL view and job model of this version.
 */
export class NomadDocument {
  private index?: LineIndex;
  private hclView?: HclBlock;
  private modelView?: NomadFile;
  /** Set by a single-range edit of a version whose HCL view was built: what may be reused. */
  private reuse?: ReuseInfo;

  private constructor(
    private readonly parser: Parser,
    readonly uri: string,
    private textValue: string,
    private treeValue: Tree,
    private versionValue: number,
  ) {}

  static create(parser: Parser, uri: string, text: string, version = 0): NomadDocument {
    return new NomadDocument(parser, uri, text, parseOrThrow(parser, text), version);
  }

  get text(): string {
    return this.textValue;
  }
  get version(): number {
    return this.versionValue;
  }
  get tree(): Tree {
    return this.treeValue;
  }
  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.textValue));
  }
  get hcl(): HclBlock {
    if (!this.hclView) {
      this.hclView = buildHclFile(this.treeValue, this.textValue, this.reuse);
      this.reuse = undefined;
    }
    return this.hclView;
  }
  get model(): NomadFile {
    return (this.modelView ??= buildModel(this.hcl));
  }

  /** Applies LSP-style content changes in order: `tree.edit()` each, then one incremental reparse. */
  update(changes: ContentChange[], version: number): void {
    let text = this.textValue;
    const tree = this.treeValue;
    let full = false;
    let reuse: ReuseInfo | undefined;
    for (const change of changes) {
      if (!change.range) {
        text = change.text;
        full = true;
        continue;
      }
      const lines = text === this.textValue ? this.lines : new LineIndex(text);
      const startIndex = lines.offsetAt(change.range.start);
      const oldEndIndex = Math.max(startIndex, lines.offsetAt(change.range.end));
      const newText = text.slice(0, startIndex) + change.text + text.slice(oldEndIndex);
      if (!full) {
        const newEnd = endPoint(lines.positionAt(startIndex), change.text);
        const oldEnd = lines.positionAt(oldEndIndex);
        reuse =
          changes.length === 1 && this.hclView
            ? {
                previous: this.hclView,
                start: startIndex,
                newEnd: startIndex + change.text.length,
                lineDelta: newEnd.line - oldEnd.line,
                newEndLine: newEnd.line,
                changed: [],
              }
            : undefined;
        tree.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex: startIndex + change.text.length,
            startPosition: toPoint(lines.positionAt(startIndex)),
            oldEndPosition: toPoint(oldEnd),
            newEndPosition: toPoint(newEnd),
          }),
        );
      }
      text = newText;
    }
    const next = full ? parseOrThrow(this.parser, text) : parseOrThrow(this.parser, text, tree);
    if (reuse && !full) reuse.changed = tree.getChangedRanges(next).map((r) => ({ start: r.startIndex, end: r.endIndex }));
    if (next !== tree) tree.delete();
    this.textValue = text;
    this.treeValue = next;
    this.versionValue = version;
    this.index = undefined;
    this.hclView = undefined;
    this.modelView = undefined;
    this.reuse = full ? undefined : reuse;
  }

  dispose(): void {
    this.treeValue.delete();
  }
}

function parseOrThrow(parser: Parser, text: string, old?: Tree): Tree {
  const tree = parser.parse(text, old ?? null);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

function toPoint(p: { line: number; character: number }) {
  return { row: p.line, column: p.character };
}

function endPoint(start: { line: number; character: number }, inserted: string) {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl === -1) return { line: start.line, character: start.character + inserted.length };
  let lines = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) lines++;
  return { line: start.line + lines, character: inserted.length - lastNl - 1 };
}

export function createParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
