import type { Parser } from 'web-tree-sitter';
import { type ContentChange, NomadDocument } from '../core/document';

/** The open documents, one parsed tree each, updated incrementally from didChange. */
export class DocumentStore {
  private readonly docs = new Map<string, NomadDocument>();

  constructor(private readonly parser: Parser) {}

  open(uri: string, text: string, version: number): NomadDocument {
    const doc = NomadDocument.create(this.parser, uri, text, version);
    // Disposed only once replaced: a failed open leaves the previous version usable.
    this.docs.get(uri)?.dispose();
    this.docs.set(uri, doc);
    return doc;
  }

  change(uri: string, changes: ContentChange[], version: number): NomadDocument | undefined {
    const doc = this.docs.get(uri);
    doc?.update(changes, version);
    return doc;
  }

  close(uri: string): void {
    this.docs.get(uri)?.dispose();
    this.docs.delete(uri);
  }

  get(uri: string): NomadDocument | undefined {
    return this.docs.get(uri);
  }

  all(): NomadDocument[] {
    return [...this.docs.values()];
  }
}
