// `npm run test:e2e`: the end-to-end suite (test/e2e/) inside a real VS Code extension host,
// against the packaged extension. Two runners, one suite:
//   electron     @vscode/test-electron: downloads desktop VS Code (developer laptops, public CI)
//   code-server  VS Code's server from the code-server npm package + headless Debian chromium
//                (machines that reach only npm and Debian); also runs the screenshot test
// NOMAD_CONNECT_E2E_RUNNER=electron|code-server forces one; otherwise electron is used where
// VS Code can be downloaded (or is already in .vscode-test/) and a display exists.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWithCodeServer } from './codeServer.mjs';
import { startFakeConsul } from './fakeConsul.mjs';
import { prepare } from './prepare.mjs';
import { cleanup } from './processes.mjs';
import { screenshotTest } from './screenshot.mjs';
import { ensureTools } from './tools.mjs';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function pickRunner() {
  const forced = process.env.NOMAD_CONNECT_E2E_RUNNER;
  if (forced) {
    if (forced !== 'electron' && forced !== 'code-server') throw new Error(`NOMAD_CONNECT_E2E_RUNNER must be electron or code-server, not "${forced}"`);
    return forced;
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'code-server';
  const cached = path.join(projectRoot, '.vscode-test');
  if (existsSync(cached) && readdirSync(cached).some((d) => d.startsWith('vscode-'))) return 'electron';
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(3000) });
    return res.ok ? 'electron' : 'code-server';
  } catch {
    return 'code-server';
  }
}

async function main() {
  // The suite talks to the Consul fake only; the caller's Consul settings must not leak in.
  for (const key of Object.keys(process.env)) if (key.startsWith('CONSUL_')) delete process.env[key];
  const runner = await pickRunner();
  console.log(`[e2e] runner: ${runner}`);
  const started = Date.now();
  const tools = runner === 'code-server' ? await ensureTools(projectRoot) : undefined;
  const prepared = await prepare(projectRoot);
  const consul = await startFakeConsul(projectRoot);
  const env = { ...process.env };
  if (consul) Object.assign(env, { CONSUL_HTTP_ADDR: consul, NOMAD_CONNECT_E2E_CONSUL: consul });

  let failed = 0;
  if (runner === 'electron') {
    const { runWithElectron } = await import('./electron.mjs');
    failed += await runWithElectron({ ...prepared, env });
  } else {
    failed += await runWithCodeServer({ ...prepared, tools, env });
    if (process.env.NOMAD_CONNECT_E2E_SCREENSHOT !== '0') failed += await screenshotTest({ ...prepared, tools, projectRoot, env });
  }
  console.log(`[e2e] ${failed === 0 ? 'passed' : 'FAILED'} (${runner}, ${Math.round((Date.now() - started) / 1000)} s)`);
  return failed === 0 ? 0 : 1;
}

let code = 1;
try {
  code = await main();
} catch (err) {
  console.error(`[e2e] ${err instanceof Error ? err.stack : err}`);
} finally {
  await cleanup();
}
process.exit(code);
