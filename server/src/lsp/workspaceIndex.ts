import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Connection, DidChangeWatchedFilesNotification, FileChangeType, type InitializeParams } from 'vscode-languageserver/node';
import type { Parser } from 'web-tree-sitter';
import { NomadDocument } from '../core/document';
import { type DeclaredService, declaredServices } from '../core/features/declaredServices';
import { DEFAULT_WALK_LIMITS, jobFilesUnder, readTextFile } from '../node/workspaceFiles';
import type { ServerContext } from './context';
import { guard } from './guard';

/** Custom request: the services other job files of the workspace declare (Add upstream's quick pick). */
export const WORKSPACE_SERVICES_REQUEST = 'nomadConnect/workspaceServices';

export interface WorkspaceServicesParams {
  /** The file asking; its own services are left out. */
  uri?: string;
}

export interface WorkspaceService extends DeclaredService {
  uri: string;
}

const JOB_GLOB = '**/*.{nomad,hcl}';

/**
 * The services declared by every job file of the workspace folders: scanned once after
 * `initialized` (asynchronously, a file per tick, so requests are not held up) and kept current
 * from `workspace/didChangeWatchedFiles`. Open documents answer from their live model instead.
 */
export class WorkspaceIndex {
  private readonly files = new Map<string, DeclaredService[]>();
  private roots: string[] = [];
  private canWatch = false;
  private scan?: Promise<void>;
  /** Reads under way; a request waits for them, so it sees every change notified before it. */
  private readonly pending = new Set<Promise<void>>();
  /** Bumped per refresh or removal of a file: a read that finishes late does not win. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly parser: Parser,
  ) {}

  /** Remembers the folders and whether the client can watch files for us; called from onInitialize. */
  configure(params: InitializeParams): void {
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.roots = folders.flatMap((u) => (u.startsWith('file:') ? [fileURLToPath(u)] : []));
    this.canWatch = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  }

  /** Starts watching and scanning; called from onInitialized. */
  start(): Promise<void> {
    return (this.scan ??= this.scanAll());
  }

  /** Resolves once the first scan and the reads under way are done, so the first quick pick already lists every file. */
  async ready(): Promise<void> {
    await this.scan;
    while (this.pending.size > 0) await Promise.allSettled(this.pending);
  }

  private async scanAll(): Promise<void> {
    if (this.canWatch) {
      await this.ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: JOB_GLOB }] }).catch(() => undefined);
    }
    const limits = { ...DEFAULT_WALK_LIMITS, onLimit: (root: string) => this.ctx.connection.console.warn(`workspace index: ${root} has over ${limits.maxFolders} folders; the rest is not indexed`) };
    try {
      for (const root of this.roots) {
        for await (const file of jobFilesUnder(root, limits)) {
          await this.refresh(file);
          // Parsing is synchronous: let requests and edits in between files.
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    } catch (err) {
      // The index is a convenience for the quick pick: a failed scan must not take the server down.
      this.ctx.connection.console.error(`workspace index: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  refresh(file: string): Promise<void> {
    const generation = this.bump(file);
    const read = readTextFile(file).then((text) => {
      if (this.generation.get(file) !== generation) return;
      if (text === undefined) {
        this.files.delete(file);
        return;
      }
      const doc = NomadDocument.create(this.parser, pathToFileURL(file).href, text);
      try {
        this.files.set(file, declaredServices(doc.model));
      } finally {
        doc.dispose();
      }
    });
    this.pending.add(read);
    return read.finally(() => this.pending.delete(read));
  }

  remove(file: string): void {
    this.bump(file);
    this.files.delete(file);
  }

  private bump(file: string): number {
    const n = (this.generation.get(file) ?? 0) + 1;
    this.generation.set(file, n);
    return n;
  }

  services(excludeUri?: string): WorkspaceService[] {
    const exclude = excludeUri ? toPath(excludeUri) : undefined;
    const out: WorkspaceService[] = [];
    const seen = new Set<string>();
    const add = (uri: string, list: DeclaredService[]) => {
      for (const s of list) {
        if (seen.has(s.name)) continue;
        seen.add(s.name);
        out.push({ ...s, uri });
      }
    };
    const open = new Map(this.ctx.documents.all().map((d) => [toPath(d.uri) ?? d.uri, d]));
    for (const [path, doc] of open) if (path !== exclude) add(doc.uri, declaredServices(doc.model));
    for (const [path, list] of this.files) if (path !== exclude && !open.has(path)) add(pathToFileURL(path).href, list);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }
}

function toPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

export function registerWorkspaceIndex(ctx: ServerContext, parser: Parser): WorkspaceIndex {
  const index = new WorkspaceIndex(ctx, parser);
  const connection: Connection = ctx.connection;
  connection.onRequest(
    WORKSPACE_SERVICES_REQUEST,
    guard(connection, 'workspaceServices', async (params: WorkspaceServicesParams) => {
      await index.ready();
      return { services: index.services(params?.uri) };
    }),
  );
  connection.onDidChangeWatchedFiles((p) => {
    for (const change of p.changes) {
      const file = toPath(change.uri);
      if (!file || !/\.(nomad|hcl)$/.test(file)) continue;
      if (change.type === FileChangeType.Deleted) index.remove(file);
      else
        index.refresh(file).catch((err) => connection.console.error(`workspace index: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
  return index;
}
