import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { example, PROJECT_ROOT } from '../helpers/documents';

/** The checker CLI (dist/cli.js) on inputs that are not plain job files: one clear line each. */
describe('checker CLI on awkward inputs', () => {
  let dir: string;
  const good = () => path.join(dir, 'good.nomad');

  const check = (...args: string[]) => {
    const r = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/cli.js'), 'check', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('nomad-connect: '));
    return { status: r.status, lines, stdout: r.stdout, summary: r.stderr.split('\n').find((l) => / file\(s\) checked/.test(l)) };
  };

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nomad-connect-cli-'));
    writeFileSync(good(), example('native/db.nomad.hcl'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a file it cannot read in one line, exits 2, and still checks the others', () => {
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'gone.nomad'));
    const r = check('gone.nomad', 'good.nomad');
    assert.deepEqual(r.lines, ['nomad-connect: gone.nomad: cannot read: no such file or folder']);
    assert.equal(r.status, 2);
    assert.match(r.summary ?? '', /^1 file\(s\) checked/);
    rmSync(path.join(dir, 'gone.nomad'));
  });

  it('does not read a FIFO named like a job (it would block), and says so', (t) => {
    const fifo = path.join(dir, 'pipe.nomad');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.status !== 0) return t.skip('mkfifo is not available here');
    const r = check('.');
    assert.deepEqual(r.lines, [`nomad-connect: ${fifo.replace(`${dir}/`, '')}: not a regular file, not checked`]);
    assert.equal(r.status, 2);
    rmSync(fifo);
  });

  it('reports a permission problem when not running as root', (t) => {
    const locked = path.join(dir, 'locked.nomad');
    writeFileSync(locked, example('seed-db.nomad'));
    chmodSync(locked, 0o000);
    const r = check('locked.nomad');
    rmSync(locked, { force: true });
    if (process.getuid?.() === 0) {
      // root reads anything: the file is simply checked.
      assert.equal(r.lines.length, 0);
      return t.diagnostic('running as root: the unreadable-file case is covered by the dangling link above');
    }
    assert.deepEqual(r.lines, ['nomad-connect: locked.nomad: cannot read: permission denied']);
    assert.equal(r.status, 2);
  });

  it('checks a folder with a symbolic link loop once and notes the loop, exit 0', () => {
    const jobs = path.join(dir, 'jobs');
    mkdirSync(path.join(jobs, 'sub'), { recursive: true });
    writeFileSync(path.join(jobs, 'sub', 'db.nomad'), example('native/db.nomad.hcl'));
    symlinkSync(jobs, path.join(jobs, 'sub', 'loop'));
    const r = check('jobs');
    assert.deepEqual(r.lines, [`nomad-connect: jobs/sub/loop: skipped: links back to ${path.join(dir, 'jobs')}, which is checked once`]);
    assert.equal(r.status, 0);
    assert.match(r.summary ?? '', /^1 file\(s\) checked/);
    rmSync(jobs, { recursive: true });
  });

  it('rejects a binary file in one line, exit 2, and still checks the others', () => {
    writeFileSync(path.join(dir, 'blob.nomad'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]));
    const r = check('blob.nomad', 'good.nomad');
    assert.deepEqual(r.lines, ['nomad-connect: blob.nomad: binary content (NUL bytes), not a job file']);
    assert.equal(r.status, 2);
    assert.match(r.summary ?? '', /^1 file\(s\) checked/);
    rmSync(path.join(dir, 'blob.nomad'));
  });

  it('notes an empty file in one line, exit 0', () => {
    writeFileSync(path.join(dir, 'empty.nomad'), '');
    const r = check('empty.nomad');
    assert.deepEqual(r.lines, ['nomad-connect: empty.nomad: empty file, nothing to check']);
    assert.equal(r.status, 0);
    rmSync(path.join(dir, 'empty.nomad'));
  });

  it('notes a file with only a variable block in one line, exit 0', () => {
    writeFileSync(path.join(dir, 'vars.nomad'), 'variable "image" {\n  type    = string\n  default = "redis:7"\n}\n');
    const r = check('vars.nomad');
    assert.deepEqual(r.lines, ['nomad-connect: vars.nomad: no job block (variables and locals only), nothing else to check']);
    assert.equal(r.status, 0);
    rmSync(path.join(dir, 'vars.nomad'));
  });

  it('gives the same clear lines in JSON mode, with stdout still valid JSON', () => {
    writeFileSync(path.join(dir, 'empty.nomad'), '');
    const r = check('--format', 'json', 'empty.nomad', 'good.nomad');
    assert.deepEqual(r.lines, ['nomad-connect: empty.nomad: empty file, nothing to check']);
    const parsed = JSON.parse(r.stdout) as { file: string }[];
    assert.deepEqual(parsed.map((f) => f.file), ['empty.nomad', 'good.nomad']);
    rmSync(path.join(dir, 'empty.nomad'));
  });
});
