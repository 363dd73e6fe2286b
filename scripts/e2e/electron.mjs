// Runner 1: @vscode/test-electron downloads a desktop VS Code (into .vscode-test/) and runs the
// suite in its extension host. Needs access to update.code.visualstudio.com and, on Linux, a
// display (run under `xvfb-run -a` on a headless machine).
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

export async function runWithElectron({ extensionPath, testsPath, workspace, scratch, env }) {
  const userData = mkdtempSync(path.join(scratch, 'user-data-'));
  const extensions = mkdtempSync(path.join(scratch, 'extensions-'));
  try {
    await runTests({
      version: process.env.NOMAD_CONNECT_E2E_VSCODE_VERSION || 'stable',
      extensionDevelopmentPath: extensionPath,
      extensionTestsPath: testsPath,
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        `--user-data-dir=${userData}`,
        `--extensions-dir=${extensions}`,
      ],
    });
    return 0;
  } catch (err) {
    console.error(`[e2e] ${err instanceof Error ? err.message : err}`);
    return 1;
  }
}
