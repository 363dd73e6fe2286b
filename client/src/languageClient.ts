import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, type ErrorHandler, LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind,
} from 'vscode-languageclient/node';
import { RestartBudget, WINDOW_MS } from './restartBudget';

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
    errorHandler: restartingErrorHandler(output),
  };
  client = new LanguageClient('nomadConnect', 'Nomad Connect', serverOptions, clientOptions);
  await client.start();
  return client;
}

/**
 * A crashed server is restarted (within a budget, see restartBudget.ts) and the user is told once;
 * if it keeps crashing it stays down and the user is told that once too.
 */
function restartingErrorHandler(output: vscode.LogOutputChannel): ErrorHandler {
  const budget = new RestartBudget();
  const tell = (show: typeof vscode.window.showWarningMessage, message: string) => {
    void show(message, 'Show Output').then((choice) => {
      if (choice) output.show(true);
    });
  };
  return {
    // A few read/write errors on the connection are tolerated; then the connection is closed.
    error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
    closed: () => {
      const decision = budget.crashed(Date.now());
      output.error(`The language server stopped unexpectedly (${budget.count} time(s) in ${WINDOW_MS / 60000} minutes); ${decision.restart ? 'restarting it' : 'not restarting it again'}.`);
      if (decision.tellUser && decision.restart) tell(vscode.window.showWarningMessage, 'The Nomad Connect language server stopped unexpectedly and was restarted.');
      if (decision.tellUser && !decision.restart) tell(vscode.window.showErrorMessage, 'The Nomad Connect language server keeps crashing and was not restarted. Reload the window to try again.');
      return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true };
    },
  };
}

export function stopLanguageClient(): Promise<void> | undefined {
  return client?.stop();
}
