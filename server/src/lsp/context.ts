import type { Connection } from 'vscode-languageserver/node';
import type { NomadDocument } from '../core/document';
import type { AnalysisResult } from './diagnosticsFeature';
import type { DocumentStore } from './documents';
import type { Settings } from './settings';

/** What every feature's wiring gets: the connection, the open documents and the settings. */
export interface ServerContext {
  connection: Connection;
  documents: DocumentStore;
  settings(): Settings;
  /** Re-analyses and publishes diagnostics for a document (coalesced, latest version only). */
  revalidate(doc: NomadDocument): void;
  /** Findings of the document's current version (cached per version). */
  analysis(doc: NomadDocument): AnalysisResult;
}
