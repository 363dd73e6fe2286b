// The screenshot test: what a person sees. code-server installs the packaged .vsix like a user
// would, opens the fixture workspace, and headless chromium opens the seed's db job, waits for the
// squiggle under the NCX-L08 finding, opens the lightbulb menu (Ctrl+.) there and saves a PNG
// under test/e2e/screenshots/. Passes when the menu offers the quick fix or "Add upstream".
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isolatedEnv, launchBrowser, writeUserSettings } from './codeServer.mjs';
import { freePort, run, start, waitForHttp } from './processes.mjs';

const MENU_ENTRIES = [/Add upstream/, /127\.0\.0\.1/, /NOMAD_PORT_db_tcp/];

export async function screenshotTest({ tools, projectRoot, vsix, workspace, scratch, env }) {
  const shots = path.join(projectRoot, 'test', 'e2e', 'screenshots');
  mkdirSync(shots, { recursive: true });
  const file = path.join(shots, 'lightbulb-seed-db.png');
  const { root, env: isolated } = isolatedEnv(scratch, 'screenshot', env);
  const userData = path.join(root, 'user-data');
  const extensions = path.join(root, 'extensions');
  writeUserSettings(userData);
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  await run(tools.node, [tools.codeServerEntry, ...dirs, '--install-extension', vsix], { env: isolated });

  const port = await freePort();
  const server = start('code-server', tools.node, [
    tools.codeServerEntry, ...dirs,
    '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--bind-addr', `127.0.0.1:${port}`, workspace,
  ], { env: isolated, echo: process.env.NOMAD_CONNECT_E2E_VERBOSE === '1' });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, 'code-server');

  const context = await launchBrowser(tools, path.join(root, 'browser-profile'), isolated);
  const page = context.pages()[0] ?? (await context.newPage());
  let step = 'loading the workbench';
  try {
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    step = 'opening seed-db.nomad with Quick Open';
    await page.locator('.explorer-folders-view').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 10_000 });
    await page.keyboard.type('seed-db.nomad');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'seed-db.nomad' }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Enter');

    step = 'waiting for the squiggle of the NCX-L08 finding';
    const squiggle = page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 30_000 });

    step = 'opening the lightbulb menu with Ctrl+.';
    // The squiggle is drawn under the text layer, so click where it is, as a person would.
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.keyboard.press('Control+.');
    const menu = page.locator('.action-widget').first();
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('.action-widget .action-list-item, .action-widget .monaco-list-row').first().waitFor({ timeout: 15_000 });
    const text = await menu.innerText();
    await page.screenshot({ path: file });
    console.log(`[e2e] screenshot: ${path.relative(projectRoot, file)}`);
    const shown = MENU_ENTRIES.filter((re) => re.test(text));
    if (shown.length === 0) throw new Error(`the lightbulb menu shows neither the quick fix nor "Add upstream":\n${text}`);
    console.log(`[e2e] screenshot test passed: the lightbulb menu shows ${text.split('\n').filter((l) => MENU_ENTRIES.some((re) => re.test(l))).map((l) => `"${l.trim()}"`).join(', ')}`);
    return 0;
  } catch (err) {
    await page.screenshot({ path: file }).catch(() => undefined);
    console.error(`[e2e] screenshot test FAILED while ${step}: ${err instanceof Error ? err.message : err}`);
    console.error(`[e2e] what the page showed is in ${path.relative(projectRoot, file)}`);
    return 1;
  } finally {
    await context.close();
    await server.stop();
  }
}
