import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_WALK_LIMITS, jobFilesUnder, readTextFile, type WalkLimits } from '../../server/src/node/workspaceFiles';

const JOB = 'job "x" {\n}\n';

async function collect(root: string, limits: WalkLimits = DEFAULT_WALK_LIMITS): Promise<string[]> {
  const out: string[] = [];
  for await (const file of jobFilesUnder(root, limits)) out.push(path.relative(root, file));
  return out;
}

describe('workspace files: the asynchronous walk behind the workspace index', () => {
  let root: string;

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'nomad-connect-walk-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    write('b.nomad', JOB);
    write('a.nomad.hcl', JOB);
    write('job.hcl', `# a plain .hcl file holding a job\n${JOB}`);
    write('vars.hcl', 'variable "x" {}\n');
    write('readme.txt', JOB);
    write('big.nomad', `${JOB}${'#'.repeat(2000)}\n`);
    write('node_modules/pkg/x.nomad', JOB);
    write('.git/y.nomad', JOB);
    write('.hidden/z.nomad', JOB);
    write('sub/deeper/z.nomad', JOB);
    write('sub/c.nomad', JOB);
    mkdirSync(path.join(root, 'empty'));
    // A link back to the root: followed once, never in a loop.
    symlinkSync(root, path.join(root, 'sub', 'loop'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('finds job files depth first in name order, skipping node_modules, dot folders, other files and link loops', async () => {
    assert.deepEqual(await collect(root), ['a.nomad.hcl', 'b.nomad', 'big.nomad', 'job.hcl', 'sub/c.nomad', 'sub/deeper/z.nomad']);
  });

  it('skips files over the size limit', async () => {
    assert.ok(!(await collect(root, { ...DEFAULT_WALK_LIMITS, maxFileBytes: 1000 })).includes('big.nomad'));
  });

  it('stops after the folder limit and says so', async () => {
    const limited: string[] = [];
    const files = await collect(root, { ...DEFAULT_WALK_LIMITS, maxFolders: 2, onLimit: (r) => limited.push(r) });
    assert.deepEqual(limited, [root]);
    assert.deepEqual(files, ['a.nomad.hcl', 'b.nomad', 'big.nomad', 'job.hcl']);
  });

  it('lets other work run while it walks', async () => {
    let ran = false;
    setImmediate(() => {
      ran = true;
    });
    const seenBeforeEnd: boolean[] = [];
    for await (const _ of jobFilesUnder(root)) seenBeforeEnd.push(ran);
    assert.equal(seenBeforeEnd.at(-1), true, 'a callback queued before the walk ran before it ended');
  });

  it('reads a job file, and nothing for a folder, a missing file or one over the limit', async () => {
    assert.equal(await readTextFile(path.join(root, 'b.nomad')), JOB);
    assert.equal(await readTextFile(path.join(root, 'sub')), undefined);
    assert.equal(await readTextFile(path.join(root, 'missing.nomad')), undefined);
    assert.equal(await readTextFile(path.join(root, 'big.nomad'), 1000), undefined);
  });
});
