import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export function getLanguageClient(): LanguageClient | undefined {
  return client;
}

/** Starts the bundled language server (dist/server.js) over IPC for `nomad` documents. */
export async function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'nomad' }],
    outputChannel: output,
    synchronize: { configurationSection: 'nomadConnect' },
    initializationOptions: { settings: vscode.workspace.getConfiguration('nomadConnect') },
  };
  client = new LanguageClient('nomadConnect', 'Nomad Connect', serverOptions, clientOptions);
  await client.start();
  return client;
}

export function stopLanguageClient(): Promise<void> | undefined {
  return client?.stop();
}
