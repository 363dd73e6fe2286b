import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFuzz, summary } from '../fuzz/fuzzer';
import { CORPUS, sources } from '../fuzz/inputs';

/**
 * A bounded, seeded run of the fuzzer (test/fuzz/) inside npm test; `npm run fuzz` runs long with
 * a random seed and also fails on answers slower than 2 s (no timing assertions here: a hang is
 * what fails this test, after 30 s).
 */
describe('fuzzing the bundled server (short run)', () => {
  it('survives random edits of our jobs and pathological inputs: every request answered, no crash logged', async (t) => {
    const report = await runFuzz({
      seed: 20261124,
      edits: 400,
      editsPerFile: 25,
      truncateStride: 3,
      pathological: true,
      heavy: false,
      timeoutMs: 30_000,
      log: (line) => t.diagnostic(line),
    });
    t.diagnostic(summary(report));
    assert.deepEqual(report.failures.map((f) => `${f.kind}: ${f.detail}`), []);
    assert.ok(report.edits >= 400 && report.requests > report.edits, summary(report));
    assert.ok((report.errorsByCode['-32601'] ?? 0) > 0, 'unsupported methods were asked too (MethodNotFound)');
  });

  it('includes the real corpus jobs in its pool', (t) => {
    const { corpus } = sources();
    if (corpus.length === 0) return t.skip(`corpus absent (${CORPUS}): the real jobs were not fuzzed`);
    assert.ok(corpus.every((s) => s.text.length > 0));
    t.diagnostic(`${corpus.length} corpus jobs in the fuzz pool`);
  });
});
