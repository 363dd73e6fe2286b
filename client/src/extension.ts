import * as vscode from 'vscode';
import { registerAddUpstream } from './commands/addUpstream';
import { registerIntentionCommands } from './commands/intentions';
import { getLanguageClient, startLanguageClient, stopLanguageClient } from './languageClient';
import { watchHclJobFiles } from './languageDetection';

/** Extension entry: language detection, the language server, and the commands. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Nomad Connect', { log: true });
  context.subscriptions.push(output);
  watchHclJobFiles(context);
  registerIntentionCommands(context, output, getLanguageClient);
  registerAddUpstream(context, output);
  await startLanguageClient(context, output);
}

export function deactivate(): Promise<void> | undefined {
  return stopLanguageClient();
}
