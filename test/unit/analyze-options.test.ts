import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, type AnalysisOptions } from '../../server/src/core/analyze';
import { example, parseDoc } from '../helpers/documents';

/**
 * What analyze() does after the rules: severity overrides (`nomadConnect.diagnostics.rules`) and
 * `# nomad-connect-ignore` comments (README "Settings", docs/rules.md).
 */

const SEED = example('seed-db.nomad');
const SERVICE_ADDR = '                    "-service-addr", "${NOMAD_ADDR_db_tcp}",\n';

async function findings(text: string, options: AnalysisOptions = {}) {
  return analyze(await parseDoc(text), options).map((f) => `${f.code} ${f.severity} ${f.range.start.line + 1}`);
}

/** The seed db job with `lines` inserted above its `-service-addr` argument (where NCX-L08 is). */
const above = (...lines: string[]) => SEED.replace(SERVICE_ADDR, lines.map((l) => `                    ${l}\n`).join('') + SERVICE_ADDR);

describe('analysis options: severity overrides', () => {
  it('a rule keeps its default severity without an override', async () => {
    assert.deepEqual(await findings(SEED), ['NCX-L08 warning 30']);
  });

  it('each severity replaces the default, and off drops the finding', async () => {
    for (const severity of ['hint', 'information', 'warning', 'error'] as const) {
      assert.deepEqual(await findings(SEED, { rules: { 'NCX-L08': severity } }), [`NCX-L08 ${severity} 30`]);
    }
    assert.deepEqual(await findings(SEED, { rules: { 'NCX-L08': 'off' } }), []);
  });

  it('an override of another rule changes nothing here', async () => {
    assert.deepEqual(await findings(SEED, { rules: { 'NCX-L07': 'off', 'NCX-L01': 'error' } }), ['NCX-L08 warning 30']);
  });
});

describe('analysis options: # nomad-connect-ignore', () => {
  it('on the line above, with the rule id: silenced', async () => {
    assert.deepEqual(await findings(above('# nomad-connect-ignore NCX-L08')), []);
  });

  it('with several ids (spaces or commas), or none: silenced', async () => {
    assert.deepEqual(await findings(above('# nomad-connect-ignore NCX-L07, NCX-L08')), []);
    assert.deepEqual(await findings(above('# nomad-connect-ignore NCX-L07 NCX-L08')), []);
    assert.deepEqual(await findings(above('# nomad-connect-ignore')), []);
  });

  it('as a // comment, or at the end of the finding\'s own line: silenced', async () => {
    assert.deepEqual(await findings(above('// nomad-connect-ignore NCX-L08')), []);
    const trailing = SEED.replace(SERVICE_ADDR, SERVICE_ADDR.replace(',\n', ', # nomad-connect-ignore NCX-L08\n'));
    assert.deepEqual(await findings(trailing), []);
  });

  it('another rule id, or two lines above: not silenced', async () => {
    assert.deepEqual(await findings(above('# nomad-connect-ignore NCX-L07')), ['NCX-L08 warning 31']);
    assert.deepEqual(await findings(above('# nomad-connect-ignore NCX-L08', '# why: the dev agent binds loopback')), ['NCX-L08 warning 32']);
  });

  it('never silences a syntax error', async () => {
    const broken = 'job "j" {\n  # nomad-connect-ignore\n  group "g" {\n';
    assert.ok((await findings(broken)).some((f) => f.startsWith('syntax ')));
  });
});
