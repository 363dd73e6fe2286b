// Builds what the suite runs against: the packaged extension (the .vsix from `npm run package`,
// unpacked, so a file missing from the package fails the suite), the compiled suite in out/,
// and a scratch copy of the fixture workspace (tests edit documents; the repository stays clean).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onCleanup, run } from './processes.mjs';
import { unzip } from './unzip.mjs';

export async function prepare(projectRoot) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (process.env.NOMAD_CONNECT_E2E_SKIP_BUILD !== '1') {
    await run(npm, ['run', 'package', '--silent'], { cwd: projectRoot });
    await run(npm, ['run', 'compile', '--silent'], { cwd: projectRoot });
  }
  const vsix = path.join(projectRoot, 'nomad-connect.vsix');
  const testsPath = path.join(projectRoot, 'out', 'test', 'e2e', 'index.js');
  for (const file of [vsix, testsPath]) if (!existsSync(file)) throw new Error(`e2e: ${file} is missing (npm run package; npm run compile)`);

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'nomad-connect-e2e-'));
  onCleanup(() => rmSync(scratch, { recursive: true, force: true }));
  const unpacked = path.join(scratch, 'vsix');
  unzip(vsix, unpacked);
  const workspace = path.join(scratch, 'workspace');
  cpSync(path.join(projectRoot, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  // The seed jobs and the native API job are used as they ship in examples/.
  for (const example of ['seed-db.nomad', 'seed-web.nomad', 'native/api.nomad.hcl']) {
    cpSync(path.join(projectRoot, 'examples', example), path.join(workspace, path.basename(example)));
  }
  return { scratch, vsix, extensionPath: path.join(unpacked, 'extension'), testsPath, workspace };
}
