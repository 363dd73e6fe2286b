import type { Parser } from 'web-tree-sitter';
import { type ContentChange, NomadDocument } from '../core/document';

/**
 * Documents kept parsed (tree, HCL view, model). A tree and view cost far more memory than the
 * text (about 0.5 MB for a 200-line job), so with many files open only the most recently used
 * stay parsed; the others are released and parsed again when next used.
 */
/** Four: a released 200-line job is parsed again in about 2 ms, while each one kept costs about 0.5 MB. */
export const PARSED_LIMIT = 4;

/** The open documents, updated incrementally from didChange; the recently used ones stay parsed. */
export class DocumentStore {
  /** In order of use, least recent first. */
  private readonly docs = new Map<string, NomadDocument>();

  constructor(
    private readonly parser: Parser,
    private readonly parsedLimit = PARSED_LIMIT,
  ) {}

  open(uri: string, text: string, version: number): NomadDocument {
    const doc = NomadDocument.create(this.parser, uri, text, version);
    // Disposed only once replaced: a failed open leaves the previous version usable.
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
    this.docs.set(uri, doc);
    this.releaseOld();
    return doc;
  }

  change(uri: string, changes: ContentChange[], version: number): NomadDocument | undefined {
    const doc = this.use(uri);
    doc?.update(changes, version);
    return doc;
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
  }

  get(uri: string): NomadDocument | undefined {
    return this.use(uri);
  }

  all(): NomadDocument[] {
    return [...this.docs.values()];
  }

  /** Marks a document as the most recently used. */
  private use(uri: string): NomadDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    this.docs.delete(uri);
    this.docs.set(uri, doc);
    this.releaseOld();
    return doc;
  }

  private releaseOld(): void {
    let excess = this.docs.size - this.parsedLimit;
    for (const doc of this.docs.values()) {
      if (excess-- <= 0) break;
      doc.release();
    }
  }
}
