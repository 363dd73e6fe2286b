import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { newHclParser } from '../node/treeSitter';
import { startServer } from './server';

/** Entry point of `nomad-connect-ls`: the language server over stdio (or node-ipc from VS Code). */
async function main(): Promise<void> {
  if (process.argv.includes('--version')) {
    process.stdout.write('nomad-connect-ls 0.1.0\n');
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  process.on('unhandledRejection', (reason) => connection.console.error(`unhandled rejection: ${String(reason)}`));
  startServer(connection, await newHclParser());
}

void main();
