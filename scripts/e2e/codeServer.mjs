// Runner 2: VS Code's own server (lib/vscode/out/server-main.js from the code-server npm package,
// run with Node 24) plus Debian's headless chromium driven by playwright-core. The workbench's
// smoke-test driver reads the payload (extensionDevelopmentPath, extensionTestsPath) from the URL,
// the extension host runs the suite, and the result arrives through codeAutomationExit.
// How this was made to work on our machines: ../shared/docs/vscode-e2e.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { format } from 'node:util';
import { freePort, onCleanup, start, waitForHttp, withTimeout } from './processes.mjs';

/** Printed by test/e2e/index.ts when mocha starts. */
const SUITE_START_MARKER = '[nomad-connect e2e] suite starting';
const SUITE_TIMEOUT_MS = Number(process.env.NOMAD_CONNECT_E2E_TIMEOUT_MS || 10 * 60_000);

export const BROWSER_ARGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Folders that keep code-server and chromium out of the home folder. */
export function isolatedEnv(scratch, name, base) {
  const root = path.join(scratch, name);
  const dirs = { XDG_CONFIG_HOME: 'config', XDG_DATA_HOME: 'data', XDG_CACHE_HOME: 'cache' };
  const env = { ...base };
  for (const [key, dir] of Object.entries(dirs)) {
    env[key] = path.join(root, 'xdg', dir);
    mkdirSync(env[key], { recursive: true });
  }
  return { root, env };
}

/** User settings that keep the workbench quiet: no welcome page, no chat, no update checks. */
export function writeUserSettings(userDataDir) {
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
  };
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Launches Debian's chromium headless with a fresh profile; closed on cleanup. */
export async function launchBrowser(tools, profileDir, env) {
  const { chromium } = createRequire(import.meta.url)(tools.playwrightCore);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: tools.chromium,
    headless: true,
    chromiumSandbox: false,
    args: BROWSER_ARGS,
    env,
    viewport: { width: 1280, height: 800 },
    // Playwright's own signal handlers close the browser and exit at once, before our cleanup
    // has stopped the VS Code server, the extension host and the Consul fake; ours close it too.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  onCleanup(() => context.close());
  return context;
}

export async function runWithCodeServer({ tools, extensionPath, testsPath, workspace, scratch, env }) {
  const { root, env: isolated } = isolatedEnv(scratch, 'suite', env);
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const userData = path.join(root, 'user-data');
  writeUserSettings(userData);
  const server = start('vscode-server', tools.node, [
    tools.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--enable-smoke-test-driver',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', path.join(root, 'server-data'),
    '--user-data-dir', userData,
    '--extensions-dir', path.join(root, 'extensions'),
  ], { env: isolated, echo: process.env.NOMAD_CONNECT_E2E_VERBOSE === '1' });
  await Promise.race([
    waitForHttp(`http://${host}/`, 60_000, 'the VS Code server'),
    server.exit.then(({ code }) => { throw new Error(`the VS Code server ended (code ${code}):\n${server.tail()}`); }),
  ]);

  const context = await launchBrowser(tools, path.join(root, 'browser-profile'), isolated);
  const page = context.pages()[0] ?? (await context.newPage());
  let exitCode;
  const finished = new Promise((resolve) => {
    exitCode = resolve;
  });
  const log = suiteLog();
  await page.exposeFunction('codeAutomationLog', (type, args) => log.add(type, args));
  await page.exposeFunction('codeAutomationExit', (code) => exitCode(Number(code)));
  page.on('pageerror', (err) => console.error(`[e2e] page error: ${err.message}`));

  const remote = (p) => `vscode-remote://${host}${toPosix(p)}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extensionPath)],
    ['extensionTestsPath', remote(testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `http://${host}/?folder=${encodeURIComponent(remote(workspace))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url);
  const code = await withTimeout(
    Promise.race([
      finished,
      server.exit.then(({ code: c }) => { throw new Error(`the VS Code server ended (code ${c}) during the suite:\n${server.tail()}`); }),
    ]),
    SUITE_TIMEOUT_MS,
    `the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`,
  ).catch((err) => {
    log.dumpWorkbench();
    throw err;
  });
  await context.close();
  await server.stop();
  return code;
}

function toPosix(p) {
  return p.split(path.sep).join('/');
}

/**
 * The console output the workbench forwards (its own and the extension host's, as console
 * arguments). Workbench chatter before the suite's start marker (test/e2e/index.ts) is kept back
 * and shown only when the suite never starts or with NOMAD_CONNECT_E2E_VERBOSE=1.
 */
function suiteLog() {
  const verbose = process.env.NOMAD_CONNECT_E2E_VERBOSE === '1';
  const held = [];
  let started = false;
  return {
    add(type, args) {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (text.includes(SUITE_START_MARKER)) started = true;
      if (!started && !verbose) {
        held.push(text);
        return;
      }
      if (type === 'error') console.error(text);
      else console.log(text);
    },
    dumpWorkbench() {
      if (!started) console.error(`[e2e] the suite did not start; the workbench said:\n${held.join('\n')}`);
    },
  };
}
