import type { Diagnostic } from 'vscode-languageserver/node';
import { analyze } from '../core/analyze';
import type { NomadDocument } from '../core/document';
import type { Finding } from '../core/types';
import { toDiagnostic } from './convert';
import { logOnce } from './guard';
import type { ServerContext } from './context';
import { analysisOptions } from './settings';

export interface AnalysisResult {
  version: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
}

/** Changes closer together than this are a burst: the analyses in between are skipped. */
const BURST_MS = 20;

/**
 * Publishes diagnostics. A change after a quiet moment is analysed at once (on the next turn of
 * the event loop); changes that follow within BURST_MS are coalesced into one analysis of the
 * newest version when the burst ends, so stale versions never queue up. Results are cached per
 * version for code actions.
 */
export class DiagnosticsPublisher {
  private readonly pending = new Set<string>();
  private readonly lastRun = new Map<string, number>();
  private readonly results = new Map<string, AnalysisResult>();

  /** Set until the client's settings are known: rules the user turned off must not flash up. */
  private holding = false;

  constructor(private readonly ctx: Pick<ServerContext, 'connection' | 'documents' | 'settings'>) {}

  /** Holds publishing until `release()`; the caller then schedules every open document. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
  }

  get held(): boolean {
    return this.holding;
  }

  schedule(doc: NomadDocument): void {
    if (this.holding || this.pending.has(doc.uri)) return;
    this.pending.add(doc.uri);
    const run = () => {
      this.pending.delete(doc.uri);
      this.lastRun.set(doc.uri, Date.now());
      const current = this.ctx.documents.get(doc.uri);
      try {
        if (current) this.publish(current);
      } catch (err) {
        logOnce(this.ctx.connection, 'publishing diagnostics failed', err);
      }
    };
    const sinceLast = Date.now() - (this.lastRun.get(doc.uri) ?? 0);
    if (sinceLast >= BURST_MS) setImmediate(run);
    else setTimeout(run, BURST_MS - sinceLast);
  }

  /** The findings of the document's current version, computing them if needed. */
  resultFor(doc: NomadDocument): AnalysisResult {
    const cached = this.results.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    let findings: Finding[];
    try {
      // A throwing rule loses only its own findings, not the syntax errors and other rules'.
      const onRuleError = (codes: string[], err: unknown) => logOnce(this.ctx.connection, `rule ${codes.join('/')} failed`, err);
      findings = analyze(doc, { ...analysisOptions(this.ctx.settings()), onRuleError });
    } catch (err) {
      logOnce(this.ctx.connection, 'analysis failed', err);
      findings = [];
    }
    const result = { version: doc.version, findings, diagnostics: findings.map((f) => toDiagnostic(f, doc.uri)) };
    this.results.set(doc.uri, result);
    return result;
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.lastRun.delete(uri);
    void this.ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  invalidateAll(): void {
    this.results.clear();
  }

  private publish(doc: NomadDocument): void {
    const result = this.resultFor(doc);
    void this.ctx.connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: result.diagnostics });
  }
}
