// What the code-server runner needs, installed once into a cache folder outside the extension's
// own node_modules (see ../shared/docs/vscode-e2e.md): Debian's chromium and libkrb5-dev via apt,
// Node 24 from the `node` npm package, and code-server + playwright-core built with that Node.
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { run } from './processes.mjs';

export const VERSIONS = { node: '24', codeServer: '4.139.1', playwrightCore: '1.65.1' };
export const CHROMIUM = '/usr/bin/chromium';

export function cacheDir(projectRoot) {
  return path.resolve(process.env.NOMAD_CONNECT_E2E_CACHE || path.join(projectRoot, '.e2e-cache'));
}

/** Installs what is missing and returns the paths the runner uses. */
export async function ensureTools(projectRoot) {
  const cache = cacheDir(projectRoot);
  const nodeDir = path.join(cache, 'node24');
  const csDir = path.join(cache, `code-server-${VERSIONS.codeServer}`);
  const nodeHome = path.join(nodeDir, 'node_modules', 'node', 'node_modules', `node-${process.platform}-${process.arch}`);
  const node = path.join(nodeHome, 'bin', 'node');
  const tools = {
    cache,
    node,
    nodeHome,
    chromium: CHROMIUM,
    serverMain: path.join(csDir, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js'),
    codeServerEntry: path.join(csDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    playwrightCore: path.join(csDir, 'node_modules', 'playwright-core', 'index.js'),
  };
  const haveCodeServer = isInstalled(csDir);
  await ensureApt(haveCodeServer);
  if (!isInstalled(nodeDir) || !existsSync(node)) {
    await npmInstall(nodeDir, [`node@${VERSIONS.node}`], cleanNpmEnv(), 'Node 24');
  }
  if (!haveCodeServer) {
    // Native modules of code-server are compiled for Node 24 with its own headers; the machine's
    // npm config may point node-gyp at other headers, so npm_config_nodedir overrides it.
    const env = { ...cleanNpmEnv(), PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: nodeHome };
    await npmInstall(csDir, [`code-server@${VERSIONS.codeServer}`, `playwright-core@${VERSIONS.playwrightCore}`], env, 'code-server and playwright-core (about 2 minutes, ~620 MB)');
  }
  for (const [what, file] of Object.entries(tools)) {
    if (what !== 'cache' && what !== 'nodeHome' && !existsSync(file)) throw new Error(`e2e tools: ${file} is missing; delete ${cache} and run again`);
  }
  return tools;
}

/**
 * The environment without what `npm run test:e2e` put there: npm reads npm_config_* variables as
 * its config, so the outer npm's (user agent naming Node 20, which code-server's install script
 * checks) would otherwise win over the inner npm's own.
 */
function cleanNpmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE' && key !== 'INIT_CWD'));
}

/** A folder counts as installed once its marker is written, so an interrupted install is redone. */
function isInstalled(dir) {
  return existsSync(path.join(dir, '.installed'));
}

async function npmInstall(dir, packages, env, what) {
  console.log(`[e2e] installing ${what} into ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `e2e-${path.basename(dir)}`, private: true }, null, 2));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  await run(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', ...packages], { cwd: dir, env });
  writeFileSync(path.join(dir, '.installed'), `${packages.join(' ')}\n`);
}

/** chromium for the browser; libkrb5-dev only while code-server still has to be built. */
async function ensureApt(haveCodeServer) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!haveCodeServer && !existsSync('/usr/include/krb5.h') && !existsSync('/usr/include/krb5/krb5.h')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  if (!existsSync('/usr/bin/apt-get')) throw new Error(`e2e: install ${missing.join(' and ')} (Debian packages) or use NOMAD_CONNECT_E2E_RUNNER=electron`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!asRoot && !existsSync('/usr/bin/sudo')) throw new Error(`e2e: ${missing.join(' and ')} missing; as root run: apt-get update && apt-get install -y ${missing.join(' ')}`);
  console.log(`[e2e] apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const aptGet = (...args) => (asRoot ? run('apt-get', args, { env }) : run('sudo', ['-E', 'apt-get', ...args], { env }));
  await aptGet('update');
  await aptGet('install', '-y', ...missing);
}
