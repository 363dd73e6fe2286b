import { Edit, type Language, Parser, type Tree } from 'web-tree-sitter';
import { buildHclFile, type HclBlock } from './hcl/ast';
import type { ReuseInfo } from './hcl/reuse';
import { buildModel } from './model/build';
import type { NomadFile } from './model/types';
import { normalizeLineBreaks, type ParseOutcome, parseText } from './parse';
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
  /** The model of the version `reuse` comes from: its untouched groups are kept (model/reuse.ts). */
  private previousModel?: NomadFile;
  /** Set by a single-range edit of a version whose HCL view was built: what may be reused. */
  private reuse?: ReuseInfo;
  /** The text as the parser sees it: lone "\r" made "\n" (same offsets; see parse.ts). */
  private parsedText: string;
  private treeValue: Tree;
  /** Set by release(): the tree is deleted and nothing derived is kept until the next use. */
  private released = false;
  private disposed = false;
  private notParsedValue?: string;

  private constructor(
    private readonly parser: Parser,
    readonly uri: string,
    private textValue: string,
    private versionValue: number,
  ) {
    this.parsedText = normalizeLineBreaks(textValue);
    const outcome = parseText(parser, this.parsedText);
    this.treeValue = outcome.tree;
    this.notParsedValue = outcome.notParsed;
  }

  static create(parser: Parser, uri: string, text: string, version = 0): NomadDocument {
    return new NomadDocument(parser, uri, typeof text === 'string' ? text : '', version);
  }

  /** Set when this version was too large or too slow to parse: the tree and views are then empty. */
  get notParsed(): string | undefined {
    return this.notParsedValue;
  }

  get text(): string {
    return this.textValue;
  }
  get version(): number {
    return this.versionValue;
  }
  get tree(): Tree {
    if (this.released) this.restore();
    return this.treeValue;
  }
  get lines(): LineIndex {
    return (this.index ??= new LineIndex(this.textValue));
  }
  get hcl(): HclBlock {
    if (!this.hclView) {
      this.hclView = buildHclFile(this.tree, this.parsedText, this.lines, this.reuse);
      this.reuse = undefined;
    }
    return this.hclView;
  }
  get model(): NomadFile {
    if (!this.modelView) {
      this.modelView = buildModel(this.hcl, this.previousModel);
      this.previousModel = undefined;
    }
    return this.modelView;
  }

  /**
   * Applies LSP-style content changes in order: `tree.edit()` each, then one incremental reparse.
   * The text is always updated, even when parsing fails (the document then reads as empty).
   */
  update(changes: ContentChange[], version: number): void {
    if (!Array.isArray(changes) || !changes.every(isChange)) throw new Error('malformed content changes: the document is left as it was');
    let text = this.textValue;
    const tree = this.tree;
    // After an unparsed version the tree stands for nothing: parse the new text from scratch.
    let full = this.notParsedValue !== undefined;
    let reuse: ReuseInfo | undefined;
    let lines: LineIndex | undefined = this.lines;
    for (const change of changes) {
      const inserted = change.text;
      if (!change.range) {
        text = inserted;
        full = true;
        lines = undefined;
        continue;
      }
      lines ??= new LineIndex(text);
      const start: number = lines.offsetAt(change.range.start);
      const oldEndIndex = Math.max(start, lines.offsetAt(change.range.end));
      const newText: string = text.slice(0, start) + inserted + text.slice(oldEndIndex);
      const newLines: LineIndex = lines.edited(start, oldEndIndex, inserted, newText);
      if (!full) {
        // A "\r" just before the edit can turn from a lone line break into half of "\r\n" (or
        // back), which the parser sees as a changed character: the edit covers it.
        const startIndex = start > 0 && text[start - 1] === '\r' ? start - 1 : start;
        const newEndIndex = start + inserted.length;
        const newEnd = newLines.positionAt(newEndIndex);
        const oldEnd = lines.positionAt(oldEndIndex);
        const startPosition = lines.positionAt(startIndex);
        reuse =
          changes.length === 1 && this.hclView
            ? { previous: this.hclView, start: startIndex, startPosition, oldEndLine: oldEnd.line, lineDelta: newEnd.line - oldEnd.line }
            : undefined;
        tree.edit(
          new Edit({
            startIndex,
            oldEndIndex,
            newEndIndex,
            startPosition: toPoint(startPosition),
            oldEndPosition: toPoint(oldEnd),
            newEndPosition: toPoint(newEnd),
          }),
        );
      }
      text = newText;
      lines = newLines;
    }
    // Without a "\r" there is nothing to normalize (and no need to scan the whole text for one).
    const parsedText = lines && !lines.hasCarriageReturn ? text : normalizeLineBreaks(text);
    this.textValue = text;
    this.versionValue = version;
    this.index = lines;
    this.hclView = undefined;
    const previousModel = this.modelView;
    this.modelView = undefined;
    this.previousModel = undefined;
    this.reuse = undefined;
    let outcome: ParseOutcome;
    try {
      outcome = full ? parseText(this.parser, parsedText) : parseText(this.parser, parsedText, tree);
    } catch (err) {
      // Only a broken parser gets here; the next change parses from scratch.
      this.notParsedValue = `the HCL parser failed: ${err instanceof Error ? err.message : String(err)}`;
      throw err;
    }
    const next = outcome.tree;
    if (reuse && !full && !outcome.notParsed) {
      this.reuse = reuse;
      this.previousModel = previousModel;
    }
    if (next !== tree) tree.delete();
    this.parsedText = parsedText;
    this.treeValue = next;
    this.notParsedValue = outcome.notParsed;
  }

  /**
   * Frees the tree and everything derived from it, keeping the text and version; the next use
   * parses the text again. The language server keeps only recently used documents parsed.
   */
  release(): void {
    if (this.released) return;
    this.treeValue.delete();
    this.released = true;
    this.index = undefined;
    this.hclView = undefined;
    this.modelView = undefined;
    this.previousModel = undefined;
    this.reuse = undefined;
  }

  get isReleased(): boolean {
    return this.released;
  }

  private restore(): void {
    if (this.disposed) throw new Error(`document ${this.uri} was disposed`);
    const outcome = parseText(this.parser, this.parsedText);
    this.treeValue = outcome.tree;
    this.notParsedValue = outcome.notParsed;
    this.released = false;
  }

  dispose(): void {
    this.disposed = true;
    if (this.released) return;
    this.released = true;
    this.treeValue.delete();
  }
}

function isChange(c: ContentChange): boolean {
  const isPosition = (p: unknown) => Number.isFinite((p as Range['start'])?.line) && Number.isFinite((p as Range['start'])?.character);
  return typeof c?.text === 'string' && (c.range === undefined || (isPosition(c.range?.start) && isPosition(c.range?.end)));
}

function toPoint(p: { line: number; character: number }) {
  return { row: p.line, column: p.character };
}

export function createParser(language: Language): Parser {
  const parser = new Parser();
  parser.setLanguage(language);
  return parser;
}
