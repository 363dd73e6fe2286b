// Runs every compiled test file (out/test/**/*.test.js) with Node's built-in runner.
// Node 20 has no glob support in `node --test`, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = 'out/test';
const only = process.argv.slice(2);
const files = readdirSync(root, { recursive: true })
  .map((f) => path.join(root, String(f)))
  .filter((f) => f.endsWith('.test.js') && !f.includes(`${path.sep}e2e${path.sep}`))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
