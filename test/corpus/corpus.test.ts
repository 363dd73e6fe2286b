import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../helpers/documents';

/**
 * Every real job of ../shared/corpus/real goes through the checker CLI. Jobs marked
 * expected_valid=yes must have no syntax error and no error at all, and every warning on them
 * must be listed, with a reason, in test/corpus-expectations.tsv — a new false alarm fails here.
 * A `syntax` row there names a file the corpus marks valid although HCL2 rejects it (HCL1-only
 * syntax); its error is expected, and must keep being found.
 */

const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');
const EXPECTATIONS = path.join(PROJECT_ROOT, 'test', 'corpus-expectations.tsv');

interface JsonReport {
  file: string;
  diagnostics: { range: { start: { line: number } }; severity: string; code: string; message: string }[];
}

function readTsv(file: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const cols = header.split('\t');
  return rows.filter((r) => r.trim()).map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

describe('real job corpus', () => {
  if (!existsSync(path.join(CORPUS, 'INDEX.tsv'))) {
    it('did not run: ../shared/corpus/real is absent on this machine', (t) => {
      t.skip('corpus folder not found; the corpus test did not run');
    });
    return;
  }

  const index = readTsv(path.join(CORPUS, 'INDEX.tsv'));
  const files = index.map((r) => r.file);
  const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/cli.js'), 'check', '--format', 'json', ...files], {
    cwd: CORPUS,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const reports: JsonReport[] = run.stdout ? JSON.parse(run.stdout) : [];
  const byFile = new Map(reports.map((r) => [r.file, r.diagnostics]));
  const valid = index.filter((r) => r.expected_valid === 'yes').map((r) => r.file);
  const expected = readTsv(EXPECTATIONS);
  const key = (file: string, line: number | string, code: string) => `${file}:${line}:${code}`;
  const mislabeled = new Set(expected.filter((r) => r.code === 'syntax').map((r) => key(r.file, r.line, r.code)));
  const errors = valid.flatMap((f) => (byFile.get(f) ?? []).filter((d) => d.severity === 'error').map((d) => ({ f, d, key: key(f, d.range.start.line + 1, d.code) })));
  const unexpected = errors.filter((e) => !mislabeled.has(e.key));

  it('checks every file of INDEX.tsv', () => {
    assert.equal(run.stderr.split('\n').filter((l) => l.startsWith('nomad-connect:')).join('\n'), '');
    assert.equal(reports.length, files.length);
    console.log(`corpus: ${reports.length} files checked, ${valid.length} marked valid`);
  });

  it('finds no syntax error in any file marked expected_valid=yes', () => {
    const bad = unexpected.filter((e) => e.d.code === 'syntax').map(({ f, d }) => `${f}:${d.range.start.line + 1}: ${d.message}`);
    assert.deepEqual(bad, []);
  });

  it('raises no error on files marked expected_valid=yes', () => {
    const bad = unexpected.map(({ f, d }) => `${f}:${d.range.start.line + 1}: ${d.code} ${d.message}`);
    assert.deepEqual(bad, []);
  });

  it('raises only the warnings listed in test/corpus-expectations.tsv, and all of them', () => {
    for (const row of expected) assert.ok(row.why && row.why.trim().length > 10, `${key(row.file, row.line, row.code)} needs a reason`);
    const listed = new Set(expected.map((r) => key(r.file, r.line, r.code)));
    const actual = valid.flatMap((f) => (byFile.get(f) ?? []).filter((d) => d.severity === 'warning').map((d) => ({ key: key(f, d.range.start.line + 1, d.code), message: d.message })));
    const unlisted = actual.filter((a) => !listed.has(a.key)).map((a) => `${a.key} ${a.message}`);
    assert.deepEqual(unlisted, [], 'warnings not justified in test/corpus-expectations.tsv');
    const seen = new Set([...actual.map((a) => a.key), ...errors.map((e) => e.key)]);
    assert.deepEqual([...listed].filter((k) => !seen.has(k)), [], 'rows in test/corpus-expectations.tsv that no longer match a warning');
    console.log(`corpus: ${actual.length} justified warning(s) on valid files`);
  });
});
