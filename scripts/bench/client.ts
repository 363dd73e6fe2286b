import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

interface Published {
  uri: string;
  version?: number;
  diagnostics: { range: unknown; code?: string | number; message: string }[];
}

/**
 * The benchmark's editor: spawns the bundled server over stdio and records when each
 * publishDiagnostics arrives (performance.now() at reception, not when a waiter wakes up).
 */
export class BenchClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  readonly spawnedAt = performance.now();
  private readonly arrivals = new Map<string, { version?: number; at: number; params: Published }[]>();
  private readonly waiters = new Set<() => void>();
  readonly stderr: string[] = [];

  constructor(serverScript: string, nodeArgs: string[] = []) {
    this.process = spawn(process.execPath, [...nodeArgs, serverScript, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (d) => this.stderr.push(String(d)));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      const at = performance.now();
      const list = this.arrivals.get(p.uri) ?? [];
      list.push({ version: p.version, at, params: p });
      this.arrivals.set(p.uri, list);
      for (const w of [...this.waiters]) w();
    });
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.onRequest('workspace/configuration', () => [{}]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  get pid(): number {
    return this.process.pid!;
  }

  async initialize(rootUri: string | null = null): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null,
      capabilities: {
        workspace: { configuration: true },
        textDocument: { publishDiagnostics: { versionSupport: true }, completion: { completionItem: { snippetSupport: true } } },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'nomad', version, text } });
  }

  change(uri: string, version: number, range: { start: Pos; end: Pos }, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  /** When the diagnostics of `uri` (at `version`, when given) arrived, and what they were. */
  async diagnostics(uri: string, version?: number, timeoutMs = 60000): Promise<{ at: number; params: Published }> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = (this.arrivals.get(uri) ?? []).find((a) => version === undefined || a.version === version);
      if (hit) return hit;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri}${version !== undefined ? ` v${version}` : ''} within ${timeoutMs} ms\n${this.stderr.join('')}`);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, left);
        this.waiters.add(done);
      });
    }
  }

  /** Drops the recorded arrivals of a document (long runs would otherwise keep every version). */
  forget(uri: string): void {
    this.arrivals.delete(uri);
  }

  /** VmRSS and VmHWM of the server process, in MiB (Linux /proc). */
  memory(): { rssMiB: number; peakMiB: number } {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kb('VmRSS') / 1024, peakMiB: kb('VmHWM') / 1024 };
  }

  async shutdown(): Promise<void> {
    const exit = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    await Promise.race([exit, new Promise((r) => setTimeout(r, 5000).unref())]);
    this.connection.dispose();
    if (this.process.exitCode === null) this.process.kill();
  }
}

export interface Pos {
  line: number;
  character: number;
}
