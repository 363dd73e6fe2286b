import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { newHclParser } from '../node/treeSitter';
import { configureParseLimits } from '../core/parse';
import { startIdleTrim } from '../node/idleTrim';
import { logOnce } from './guard';
import { startServer } from './server';

const USAGE = `usage: nomad-connect-ls --stdio

The Nomad Connect language server for Nomad job files. It speaks LSP over standard input and
output; editors may also start it with --node-ipc, --socket=PORT or --pipe=NAME.
Other options: --help, --version.`;

/** Options vscode-languageserver reads (a transport, and the process id VS Code adds) and whether they take a value. */
const SERVER_OPTIONS: Record<string, { transport: boolean; value: RegExp | undefined }> = {
  '--stdio': { transport: true, value: undefined },
  '--node-ipc': { transport: true, value: undefined },
  '--socket': { transport: true, value: /^\d+$/ },
  '--pipe': { transport: true, value: /./ },
  '--clientProcessId': { transport: false, value: /^\d+$/ },
};

/** What is wrong with the command line, if anything. */
function usageProblem(args: string[]): string | undefined {
  let transport = false;
  for (let i = 0; i < args.length; i++) {
    const eq = args[i].indexOf('=');
    const name = eq === -1 ? args[i] : args[i].slice(0, eq);
    const option = SERVER_OPTIONS[name];
    if (!option) return `unknown option ${args[i]}`;
    if (option.value) {
      const value = eq === -1 ? args[++i] : args[i].slice(eq + 1);
      if (value === undefined || !option.value.test(value)) return `${name} needs a ${name === '--pipe' ? 'name' : 'number'}`;
    } else if (eq !== -1) return `${name} takes no value`;
    transport ||= option.transport;
  }
  return transport ? undefined : 'no transport given (use --stdio)';
}

/** Answers --help / --version, and rejects bad usage with exit status 2 (as `nomad-connect` does). */
function checkArgs(args: string[]): boolean {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return false;
  }
  if (args.includes('--version')) {
    process.stdout.write('nomad-connect-ls 0.1.0\n');
    return false;
  }
  const problem = usageProblem(args);
  if (!problem) return true;
  process.stderr.write(`nomad-connect-ls: ${problem}\n${USAGE}\n`);
  process.exitCode = 2;
  return false;
}

/** Entry point of `nomad-connect-ls`: the language server over stdio (or node-ipc from VS Code). */
async function main(): Promise<void> {
  if (!checkArgs(process.argv.slice(2))) return;
  const connection = createConnection(ProposedFeatures.all);
  // Last line of defence: a stray exception is logged (once) and the server keeps serving.
  process.on('unhandledRejection', (reason) => logOnce(connection, 'unhandled rejection', reason));
  process.on('uncaughtException', (err) => logOnce(connection, 'uncaught exception', err));
  // Parsing runs on the event loop: an editor must get answers within a second or so.
  configureParseLimits({ timeBudgetMs: 1000 });
  startServer(connection, await newHclParser());
  // Bulk work (indexing, opening many files) leaves the heap far above what stays live.
  startIdleTrim();
}

void main();
