import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PROJECT_ROOT } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';
import { INVALID_UTF8, int, pathologicalTexts, pick, prng, type Random, randomBinary, randomJunk, randomToken, type Source, sources } from './inputs';

/**
 * Drives the bundled server (dist/server.js over stdio) with random edits of real and example
 * jobs and with pathological texts, asking for every feature after each edit. The client side
 * of every document is kept by vscode-languageserver-textdocument, the reference implementation
 * of LSP's incremental sync, so the UTF-16 ranges sent are the ones an editor would send.
 */

export interface FuzzOptions {
  seed: number;
  /** Random edits over the corpus, examples and fixtures. */
  edits: number;
  /** Edits of one file before moving to the next. */
  editsPerFile: number;
  /** Truncation of a small job at every `truncateStride`-th code unit (1: every one). */
  truncateStride: number;
  /** Run the pathological inputs (deep nesting, binary, 10 MB…). */
  pathological: boolean;
  /** Full-size binary, long-line and many-attribute inputs (slow: for `npm run fuzz`). */
  heavy: boolean;
  /** A response slower than this is a failure. */
  timeoutMs: number;
  log: (line: string) => void;
  /** The server to drive; default: the bundle in dist/. */
  serverScript?: string;
}

export interface Failure {
  kind: 'slow' | 'hang' | 'internal error' | 'server log' | 'stderr' | 'exit' | 'mismatch';
  detail: string;
  method?: string;
  params?: unknown;
  text?: string;
}

export interface FuzzReport {
  seed: number;
  files: number;
  corpusFound: boolean;
  edits: number;
  requests: number;
  results: number;
  errorsByCode: Record<string, number>;
  failures: Failure[];
  durationMs: number;
}

/** Waiting longer than this for one response means the server hangs: the run stops. */
const HANG_MS = 30_000;
const INTERNAL_ERROR = -32603;
/** What the server logs when a handler throws or a promise is lost (see server/src/lsp/guard.ts). */
const BAD_LOG = /failed|unhandled rejection|uncaught exception|Error:/;

interface Tracked {
  uri: string;
  doc: TextDocument;
}

class Hang extends Error {}

export class Fuzzer {
  private readonly random: Random;
  private client!: LspTestClient;
  private readonly report: FuzzReport;
  private logsSeen = 0;
  private stderrSeen = 0;
  private uriCounter = 0;
  private readonly started = Date.now();
  /** What the client answers to workspace/configuration; mutated to fuzz the settings too. */
  private readonly settings: Record<string, unknown> = {};

  constructor(private readonly options: FuzzOptions) {
    this.random = prng(options.seed);
    this.report = { seed: options.seed, files: 0, corpusFound: false, edits: 0, requests: 0, results: 0, errorsByCode: {}, failures: [], durationMs: 0 };
  }

  async run(): Promise<FuzzReport> {
    const { corpus, ours } = sources();
    this.report.corpusFound = corpus.length > 0;
    if (corpus.length === 0) this.options.log('fuzz: ../shared/corpus/real is absent: fuzzing examples and fixtures only');
    this.client = new LspTestClient(this.options.serverScript, this.settings);
    await this.client.initialize(null);
    try {
      const small = ours.filter((s) => /^job\s/m.test(s.text)).sort((a, b) => a.text.length - b.text.length)[0];
      if (small) await this.truncations(small);
      await this.invalidUtf8(small?.text ?? 'job "x" {\n}\n');
      if (this.options.pathological) {
        for (const p of pathologicalTexts(this.random, small?.text ?? 'job "x" {}\n', this.options.heavy)) {
          const t0 = Date.now();
          await this.session(p, 3);
          if (process.env.FUZZ_VERBOSE) this.options.log(`fuzz: ${p.name}: ${Date.now() - t0} ms`);
        }
      }
      const pool = [...corpus, ...ours];
      while (this.report.edits < this.options.edits && pool.length > 0) {
        const source = pick(this.random, pool);
        await this.session(source, Math.min(this.options.editsPerFile, this.options.edits - this.report.edits), pool);
      }
    } catch (err) {
      if (!(err instanceof Hang)) throw err;
    } finally {
      this.check('end');
      await this.client.shutdown().catch(() => undefined);
      this.report.durationMs = Date.now() - this.started;
    }
    return this.report;
  }

  /** Opens a document, edits it `edits` times with requests after each edit, then compares it with a fresh copy. */
  private async session(source: Source, edits: number, pool: Source[] = []): Promise<void> {
    this.report.files++;
    const tracked = this.open(source.text);
    await this.requests(tracked, 4, source.name);
    for (let i = 0; i < edits; i++) {
      this.edit(tracked, pool);
      await this.requests(tracked, 2, source.name);
      if ((i + 1) % 40 === 0) await this.compareWithFresh(tracked, source.name);
      if ((i + 1) % 25 === 0) this.changeSettings();
    }
    if (tracked.doc.getText().length <= 2_000_000) await this.compareWithFresh(tracked, source.name);
    this.close(tracked);
    // A request for a document just closed, as a slow client may still send.
    await this.requests(tracked, 1, `${source.name} after close`);
  }

  /** Every prefix of a small job, as a file is typed or loaded partially. */
  private async truncations(source: Source): Promise<void> {
    const tracked = this.open('');
    const text = source.text;
    for (let i = 0; i <= text.length; i += this.options.truncateStride) {
      this.replaceAll(tracked, text.slice(0, i));
      await this.requests(tracked, 1, `${source.name} truncated at ${i}`, ['textDocument/documentSymbol']);
    }
    await this.compareWithFresh(tracked, `${source.name} truncated`);
    this.close(tracked);
  }

  /** Raw messages whose JSON strings hold invalid UTF-8: the transport decodes them to U+FFFD. */
  private async invalidUtf8(job: string): Promise<void> {
    const tracked = this.open(job);
    for (const bytes of INVALID_UTF8) {
      const version = tracked.doc.version + 1;
      const head = Buffer.from(`{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":${JSON.stringify(tracked.uri)},"version":${version}},"contentChanges":[{"text":"job \\"bad`);
      const tail = Buffer.from(`\\" {\\n  meta { a = \\"x`);
      const end = Buffer.from(`\\" }\\n}\\n"}]}}`);
      const body = Buffer.concat([head, bytes, tail, bytes, end]);
      const decoded = (JSON.parse(body.toString('utf8')) as { params: { contentChanges: { text: string }[] } }).params.contentChanges[0].text;
      this.client.process.stdin!.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
      TextDocument.update(tracked.doc, [{ text: decoded }], version);
      this.report.edits++;
      await this.requests(tracked, 3, `invalid UTF-8 ${bytes.toString('hex')}`);
    }
    await this.compareWithFresh(tracked, 'invalid UTF-8');
    this.close(tracked);
  }

  private open(text: string): Tracked {
    const uri = `file:///fuzz/job-${++this.uriCounter}.nomad`;
    const doc = TextDocument.create(uri, 'nomad', 1, text);
    void this.client.open(uri, text, 1);
    return { uri, doc };
  }

  private close(tracked: Tracked): void {
    void this.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: tracked.uri } });
  }

  private replaceAll(tracked: Tracked, text: string): void {
    const version = tracked.doc.version + 1;
    TextDocument.update(tracked.doc, [{ text }], version);
    void this.client.change(tracked.uri, version, [{ text }]);
    this.report.edits++;
  }

  /** One didChange with one to three random incremental changes (ranges in UTF-16 code units). */
  private edit(tracked: Tracked, pool: Source[]): void {
    const r = this.random;
    const changes: TextDocumentContentChangeEvent[] = [];
    const count = r() < 0.8 ? 1 : 2 + int(r, 2);
    const version = tracked.doc.version + 1;
    for (let i = 0; i < count; i++) {
      const doc = tracked.doc;
      const text = doc.getText();
      const at = int(r, text.length + 1);
      let change: TextDocumentContentChangeEvent;
      const kind = r();
      if (kind < 0.3) change = { range: this.span(doc, at, at), text: randomToken(r) };
      else if (kind < 0.5) change = { range: this.span(doc, at, at + 1 + int(r, 30)), text: '' };
      else if (kind < 0.6) change = { range: this.span(doc, at, at + int(r, 5)), text: randomToken(r) + randomToken(r) };
      else if (kind < 0.68) change = { range: this.span(doc, at, at), text: randomJunk(r, 1 + int(r, 8)) };
      else if (kind < 0.72) change = { range: this.span(doc, at, at), text: randomBinary(r, 1 + int(r, 16)) };
      else if (kind < 0.84 && pool.length > 0) {
        const other = pick(r, pool).text;
        const from = int(r, other.length);
        change = { range: this.span(doc, at, at), text: other.slice(from, from + int(r, 200)) };
      } else if (kind < 0.92) {
        const line = int(r, doc.lineCount);
        change = { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: r() < 0.5 ? '' : lineOf(doc, int(r, doc.lineCount)) };
      } else if (kind < 0.97) {
        // Positions past the end of a line or of the file: LSP says they clamp.
        change = { range: { start: { line: int(r, doc.lineCount + 2), character: int(r, 200) }, end: { line: doc.lineCount + int(r, 3), character: int(r, 200) } }, text: randomToken(r) };
      } else change = { text: text.slice(0, int(r, text.length + 1)) + randomToken(r) };
      // Positions past the end clamp (LSP); the reference's line table does not survive them unclamped.
      const clamped = 'range' in change ? { ...change, range: { start: doc.positionAt(doc.offsetAt(change.range.start)), end: doc.positionAt(doc.offsetAt(change.range.end)) } } : change;
      TextDocument.update(doc, [clamped], version);
      changes.push(change);
    }
    void this.client.change(tracked.uri, version, changes);
    this.report.edits++;
  }

  /** Valid, odd and ill-typed values for every setting, pulled by the server after the change. */
  private changeSettings(): void {
    const r = this.random;
    for (const key of Object.keys(this.settings)) delete this.settings[key];
    Object.assign(this.settings, {
      nomadVersion: pick(r, ['1.10', '1.5', '0.8', 'garbage', '', '99.99', null, 5, undefined]),
      sidecarStyle: pick(r, ['auto', 'native', 'manual', 'bogus', null, 3]),
      diagnostics: pick(r, [{ rules: { 'NCX-L07': 'off', 'NCX-N01': 'hint', syntax: 'warning' } }, { rules: { 'NCX-L01': 'bogus' } }, { rules: 'x' }, null, 'x', undefined]),
    });
    void this.client.connection.sendNotification('workspace/didChangeConfiguration', { settings: pick(r, [null, {}, { nomadConnect: this.settings }]) });
  }

  private span(doc: TextDocument, from: number, to: number) {
    return { start: doc.positionAt(from), end: doc.positionAt(Math.min(to, doc.getText().length)) };
  }

  private position(doc: TextDocument): Position {
    const r = this.random();
    if (r < 0.8) return doc.positionAt(int(this.random, doc.getText().length + 1));
    if (r < 0.9) return { line: int(this.random, doc.lineCount + 3), character: int(this.random, 300) };
    return pick(this.random, [{ line: 0, character: 0 }, doc.positionAt(doc.getText().length)]);
  }

  /** Requests for supported and unsupported methods; a proper LSP error is a valid answer. */
  private methods(tracked: Tracked): [string, () => unknown][] {
    const textDocument = { uri: tracked.uri };
    const pos = () => this.position(tracked.doc);
    const range = () => {
      const a = pos();
      const b = pos();
      return a.line < b.line || (a.line === b.line && a.character <= b.character) ? { start: a, end: b } : { start: b, end: a };
    };
    const diagnostics = (): Diagnostic[] => this.client.published(tracked.uri).at(-1)?.diagnostics ?? [];
    return [
      ['textDocument/completion', () => ({ textDocument, position: pos() })],
      ['textDocument/hover', () => ({ textDocument, position: pos() })],
      ['textDocument/definition', () => ({ textDocument, position: pos() })],
      ['textDocument/references', () => ({ textDocument, position: pos(), context: { includeDeclaration: true } })],
      ['textDocument/prepareRename', () => ({ textDocument, position: pos() })],
      ['textDocument/rename', () => ({ textDocument, position: pos(), newName: pick(this.random, ['x', 'api', 'NOMAD_PORT_http', '', '😀', 'a b']) })],
      ['textDocument/documentSymbol', () => ({ textDocument })],
      ['textDocument/codeAction', () => ({ textDocument, range: range(), context: { diagnostics: diagnostics() } })],
      ['textDocument/codeLens', () => ({ textDocument })],
      ['textDocument/documentHighlight', () => ({ textDocument, position: pos() })],
      ['textDocument/signatureHelp', () => ({ textDocument, position: pos() })],
      ['textDocument/formatting', () => ({ textDocument, options: { tabSize: 2, insertSpaces: true } })],
      ['textDocument/foldingRange', () => ({ textDocument })],
      ['textDocument/semanticTokens/full', () => ({ textDocument })],
      ['textDocument/inlayHint', () => ({ textDocument, range: range() })],
      ['textDocument/diagnostic', () => ({ textDocument })],
      ['nomadConnect/connectPairs', () => ({ uri: tracked.uri })],
      ['nomadConnect/addUpstreamEdit', () => ({ uri: tracked.uri, position: pos(), destination: pick(this.random, ['api', 'db', '', '😀']) })],
    ];
  }

  /** Sends `count` random requests at once (as an editor pipelines them) and checks every answer. */
  private async requests(tracked: Tracked, count: number, context: string, only?: string[]): Promise<void> {
    const all = this.methods(tracked).filter(([m]) => !only || only.includes(m));
    const pending = Array.from({ length: count }, () => {
      const [method, params] = pick(this.random, all);
      return this.request(method, params(), tracked, context);
    });
    await Promise.all(pending);
    this.check(context, tracked);
  }

  private async request(method: string, params: unknown, tracked: Tracked, context: string): Promise<void> {
    this.report.requests++;
    const sent = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
    const answer = this.client.request(method, params).then(
      () => ({ code: undefined as number | undefined }),
      (e: { code?: number; message?: string }) => ({ code: e.code ?? 0, message: e.message }),
    );
    const outcome = await Promise.race([answer, hang]);
    clearTimeout(timer);
    const elapsed = Date.now() - sent;
    if (outcome === 'hang') {
      this.fail({ kind: 'hang', detail: `no answer to ${method} within ${HANG_MS} ms (${context})`, method, params, text: tracked.doc.getText() });
      throw new Hang();
    }
    if (outcome.code === undefined) this.report.results++;
    else this.report.errorsByCode[outcome.code] = (this.report.errorsByCode[outcome.code] ?? 0) + 1;
    if (outcome.code === INTERNAL_ERROR) this.fail({ kind: 'internal error', detail: `${method}: ${'message' in outcome ? outcome.message : ''} (${context})`, method, params, text: tracked.doc.getText() });
    if (elapsed > this.options.timeoutMs) this.fail({ kind: 'slow', detail: `${method} answered after ${elapsed} ms (${context})`, method, params, text: tracked.doc.getText() });
  }

  /** The incrementally edited document must equal a fresh copy: same outline, same diagnostics. */
  private async compareWithFresh(tracked: Tracked, context: string): Promise<void> {
    const fresh = this.open(tracked.doc.getText());
    try {
      const [da, db] = await Promise.all([this.client.waitForDiagnostics(tracked.uri, tracked.doc.version), this.client.waitForDiagnostics(fresh.uri, 1)]);
      // A parse stopped by the time budget depends on the machine's load, not on the text.
      if ([...da, ...db].some((d) => d.code === 'limit' && /longer than/.test(String(d.message)))) return;
      const params = (uri: string) => ({ textDocument: { uri } });
      const [a, b] = await Promise.all([
        this.client.request('textDocument/documentSymbol', params(tracked.uri)),
        this.client.request('textDocument/documentSymbol', params(fresh.uri)),
      ]);
      this.report.requests += 2;
      this.report.results += 2;
      if (JSON.stringify(a) !== JSON.stringify(b)) this.fail({ kind: 'mismatch', detail: `outline after edits differs from a fresh parse (${context})`, text: tracked.doc.getText() });
      const strip = (ds: Diagnostic[]) => ds.map((d) => JSON.stringify([d.code, d.message, d.range]));
      const [sa, sb] = [strip(da), strip(db)];
      const k = sa.findIndex((d, i) => d !== sb[i]);
      if (k !== -1 || sa.length !== sb.length) {
        const which = k === -1 ? sa.length : k;
        this.fail({ kind: 'mismatch', detail: `diagnostics after edits differ from a fresh parse (${context}): ${sa[which]} vs ${sb[which]}`, text: tracked.doc.getText() });
      }
    } catch (err) {
      this.fail({ kind: 'mismatch', detail: `${err instanceof Error ? err.message : String(err)} (${context})`, text: tracked.doc.getText() });
    } finally {
      this.close(fresh);
    }
  }

  /** The server must be alive, silent on stderr, and must not have logged a caught crash. */
  private check(context: string, tracked?: Tracked): void {
    const text = tracked?.doc.getText();
    if (this.client.hasExited && !this.report.failures.some((f) => f.kind === 'exit')) {
      this.fail({ kind: 'exit', detail: `server exited with ${this.client.process.exitCode} (${context})`, text });
      throw new Hang();
    }
    for (; this.logsSeen < this.client.logs.length; this.logsSeen++) {
      const line = this.client.logs[this.logsSeen];
      if (BAD_LOG.test(line)) this.fail({ kind: 'server log', detail: `${line.split('\n').slice(0, 4).join(' | ')} (${context})`, text });
    }
    for (; this.stderrSeen < this.client.stderr.length; this.stderrSeen++) {
      this.fail({ kind: 'stderr', detail: `${this.client.stderr[this.stderrSeen].trim()} (${context})`, text });
    }
  }

  private fail(f: Failure): void {
    this.report.failures.push(f);
    this.options.log(`fuzz FAILURE [${f.kind}] ${f.detail}`);
  }
}

export function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  return new Fuzzer(options).run();
}

function lineOf(doc: TextDocument, line: number): string {
  return doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
}

/** `fuzz seed=…: N edits, N requests …`: the line both runners print. */
export function summary(r: FuzzReport): string {
  const errors = Object.entries(r.errorsByCode)
    .map(([code, n]) => `${n}×${code}`)
    .join(', ');
  return (
    `fuzz seed=${r.seed}: ${r.files} files, ${r.edits} edits, ${r.requests} requests (${r.results} results, errors: ${errors || 'none'}), ` +
    `${r.failures.length} failures, ${(r.durationMs / 1000).toFixed(1)} s${r.corpusFound ? '' : ' (corpus absent)'}`
  );
}

/** Saves each failure's document and request under out/fuzz-failures/, to become a regression fixture. */
export function saveFailures(r: FuzzReport): string | undefined {
  if (r.failures.length === 0) return undefined;
  const dir = path.join(PROJECT_ROOT, 'out', 'fuzz-failures', String(r.seed));
  mkdirSync(dir, { recursive: true });
  r.failures.forEach((f, i) => {
    if (f.text !== undefined && f.text.length <= 200_000) writeFileSync(path.join(dir, `${i}.nomad`), f.text);
    writeFileSync(path.join(dir, `${i}.json`), JSON.stringify({ kind: f.kind, detail: f.detail, method: f.method, params: f.params }, null, 2));
  });
  return dir;
}
