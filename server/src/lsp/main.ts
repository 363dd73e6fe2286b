import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { newHclParser } from '../node/treeSitter';
import { configureParseLimits } from '../core/parse';
import { logOnce } from './guard';
import { startServer } from './server';

/** Entry point of `nomad-connect-ls`: the language server over stdio (or node-ipc from VS Code). */
async function main(): Promise<void> {
  if (process.argv.includes('--version')) {
    process.stdout.write('nomad-connect-ls 0.1.0\n');
    return;
  }
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: a stray exception is logged (once) and the server keeps serving.
  process.on('unhandledRejection', (reason) => logOnce(connection, 'unhandled rejection', reason));
  process.on('uncaughtException', (err) => logOnce(connection, 'uncaught exception', err));
  // Parsing runs on the event loop: an editor must get answers within a second or so.
  configureParseLimits({ timeBudgetMs: 1000 });
  startServer(connection, await newHclParser());
}

void main();
