import {
  type Connection, type InitializeParams, type InitializeResult, DidChangeConfigurationNotification, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { Parser } from 'web-tree-sitter';
import { registerCodeActions } from './codeActionsFeature';
import { registerCodeLens } from './codeLensFeature';
import { registerConnectPairs } from './connectPairsFeature';
import { COMPLETION_TRIGGERS, registerCompletion } from './completionFeature';
import type { ServerContext } from './context';
import { registerDefinition } from './definitionFeature';
import { DiagnosticsPublisher } from './diagnosticsFeature';
import { DocumentStore } from './documents';
import { guardNotification } from './guard';
import { registerHover } from './hoverFeature';
import { registerReferences } from './referencesFeature';
import { registerRename } from './renameFeature';
import { defaultSettings, normalizeSettings, type Settings } from './settings';
import { registerSymbols } from './symbolsFeature';
import { registerUpstreams } from './upstreamFeature';
import { registerWorkspaceIndex } from './workspaceIndex';

/** How long the first diagnostics wait at most for the client's answer to workspace/configuration. */
const SETTINGS_WAIT_MS = 1000;

/** Wires the analysis core to an LSP connection. Each feature registers its own handlers. */
export function startServer(connection: Connection, parser: Parser): void {
  const documents = new DocumentStore(parser);
  let settings: Settings = defaultSettings;
  let canPullConfiguration = false;

  const base = { connection, documents, settings: () => settings };
  const publisher = new DiagnosticsPublisher(base);
  const ctx: ServerContext = {
    ...base,
    revalidate: (doc) => publisher.schedule(doc),
    analysis: (doc) => publisher.resultFor(doc),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = !!params.capabilities.workspace?.configuration;
    if (canPullConfiguration) {
      // The first diagnostics wait for the client's settings, so rules turned off never flash up;
      // a client that never answers does not keep them back for long.
      publisher.hold();
      setTimeout(() => publisher.held && republishAll(), SETTINGS_WAIT_MS).unref();
    }
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) settings = normalizeSettings(init.settings);
    workspaceIndex.configure(params);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix', 'refactor', 'refactor.rewrite'] },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
      },
      serverInfo: { name: 'nomad-connect-ls', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    void workspaceIndex.start();
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'nomadConnect' }).catch(() => undefined);
      await refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    if (!canPullConfiguration) return;
    try {
      const [raw] = await connection.workspace.getConfiguration([{ section: 'nomadConnect' }]);
      settings = normalizeSettings(raw);
    } catch {
      // A client that cannot answer keeps the defaults.
    }
    republishAll();
  }

  function republishAll(): void {
    publisher.release();
    publisher.invalidateAll();
    for (const doc of documents.all()) publisher.schedule(doc);
  }

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { nomadConnect?: unknown } | undefined)?.nomadConnect;
    if (pushed && !canPullConfiguration) {
      settings = normalizeSettings(pushed);
      republishAll();
    } else await refreshSettings();
  });

  // A failing update is logged and leaves the server running; the document keeps its new text.
  connection.onDidOpenTextDocument(guardNotification(connection, 'didOpen', (p) => {
    publisher.schedule(documents.open(p.textDocument.uri, p.textDocument.text, p.textDocument.version));
  }));
  connection.onDidChangeTextDocument(guardNotification(connection, 'didChange', (p) => {
    const doc = documents.change(p.textDocument.uri, p.contentChanges, p.textDocument.version);
    if (doc) publisher.schedule(doc);
  }));
  connection.onDidCloseTextDocument(guardNotification(connection, 'didClose', (p) => {
    documents.close(p.textDocument.uri);
    publisher.forget(p.textDocument.uri);
  }));

  registerSymbols(ctx);
  registerCodeActions(ctx);
  const workspaceIndex = registerWorkspaceIndex(ctx, parser);
  registerUpstreams(ctx);
  registerCodeLens(ctx);
  registerConnectPairs(ctx);
  registerCompletion(ctx, parser);
  registerHover(ctx);
  registerDefinition(ctx);
  registerReferences(ctx);
  registerRename(ctx);

  connection.listen();
}
