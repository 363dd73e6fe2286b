import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { variableSpelling } from '../../server/src/core/rules/interpolation/spelling';
import { undeclaredVariable } from '../../server/src/core/rules/interpolation/undeclared';
import type { Rule } from '../../server/src/core/rules/rule';
import type { Finding } from '../../server/src/core/types';
import { parseVersion } from '../../server/src/core/version';
import { applyEdits, example, fixture, parseDoc } from '../helpers/documents';
import { describeFixtures } from '../helpers/ruleFixtures';

/** NCX-N11 (undeclared port/upstream variable) and NCX-N12 (raw vs cleaned spelling). */

// Trigger and near-miss fixtures in test/fixtures/rules/interpolation/, as for the other rules.
describeFixtures('NCX-N11 and NCX-N12: fixtures', {
  dir: 'rules/interpolation',
  prefix: 'NCX-N',
  codes: ['NCX-N11', 'NCX-N12'],
  rules: [undeclaredVariable, variableSpelling],
});

async function run(text: string, version = '2.0', rules: Rule[] = [undeclaredVariable, variableSpelling]) {
  const doc = await parseDoc(text);
  const findings: Finding[] = rules.flatMap((r) => r.check({ file: doc.model, lines: doc.lines, nomadVersion: parseVersion(version)! }));
  return { doc, findings, summary: findings.map((f) => `${f.range.start.line + 1} ${f.code} ${doc.lines.slice(f.range)}`) };
}

describe('NCX-N11 and NCX-N12', () => {
  it('mixed fixture: exactly the expected findings', async () => {
    const { summary } = await run(fixture('interpolation/rules/mixed.nomad'));
    // N11 findings first, then N12 (rule order), each in document order.
    assert.deepEqual(summary, [
      '44 NCX-N11 NOMAD_UPSTREAM_ADDR_cuont_api',
      '45 NCX-N11 NOMAD_ADDR_www',
      '42 NCX-N12 NOMAD_PORT_http-api',
      '50 NCX-N12 NOMAD_PORT_http_api',
    ]);
  });

  it('N11 names the nearest declared variable and offers "Change to"', async () => {
    const { doc, findings } = await run(fixture('interpolation/rules/mixed.nomad'));
    const typo = findings.find((f) => doc.lines.slice(f.range) === 'NOMAD_UPSTREAM_ADDR_cuont_api')!;
    assert.equal(typo.severity, 'warning');
    assert.match(typo.message, /is not set for task `api`: no port or upstream declares it/);
    assert.equal(typo.fixes?.[0].title, 'Change to `NOMAD_UPSTREAM_ADDR_count_api`');
  });

  it('N11 says where else a name is set', async () => {
    const { doc, findings } = await run(fixture('interpolation/rules/mixed.nomad'));
    const other = findings.find((f) => doc.lines.slice(f.range) === 'NOMAD_ADDR_www')!;
    assert.match(other.message, /It is set in group `web` only\./);
    assert.equal(other.fixes, undefined);
  });

  it('N12 in both directions, with the spelling that resolves as fix', async () => {
    const { doc, findings } = await run(fixture('interpolation/rules/mixed.nomad'));
    const inConfig = findings.find((f) => f.code === 'NCX-N12' && doc.lines.slice(f.range) === 'NOMAD_PORT_http-api')!;
    assert.match(inConfig.message, /does not resolve in driver `config`: it sees cleaned variable names/);
    assert.equal(inConfig.fixes?.[0].title, 'Change to `NOMAD_PORT_http_api`');
    const inEnv = findings.find((f) => f.code === 'NCX-N12' && doc.lines.slice(f.range) === 'NOMAD_PORT_http_api')!;
    assert.match(inEnv.message, /does not resolve in an `env` value/);
    assert.equal(inEnv.fixes?.[0].title, 'Change to `NOMAD_PORT_http-api`');
  });

  it('the quick fix of a typo in the seed web job gives the seed back', async () => {
    const seed = example('seed-web.nomad');
    const { findings } = await run(seed.replace('NOMAD_ADDR_proxy_tcp', 'NOMAD_ADDR_proxy_tpc'));
    assert.equal(findings.length, 1);
    assert.equal(applyEdits(seed.replace('NOMAD_ADDR_proxy_tcp', 'NOMAD_ADDR_proxy_tpc'), findings[0].fixes![0].edits), seed);
  });

  it('no findings on the seed jobs and the native examples', async () => {
    for (const name of ['seed-db.nomad', 'seed-web.nomad', 'native/api.nomad.hcl', 'native/db.nomad.hcl', 'native/web.nomad.hcl']) {
      assert.deepEqual((await run(example(name))).summary, [], name);
    }
  });

  it('a variable the target version does not set yet', async () => {
    const text = example('native/web.nomad.hcl').replace('${NOMAD_PORT_http}', '${NOMAD_HOST_ADDR_http}');
    assert.deepEqual((await run(text, '2.0')).summary, []);
    const { findings } = await run(text, '0.11');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /is set from Nomad 0\.12 on; with the target version 0\.11\.0/);
  });

  it('NOMAD_ALLOC_ADDR_* of a port in host mode: the network mode is the reason', async () => {
    const text = example('native/web.nomad.hcl').replace('mode = "bridge"', 'mode = "host"').replace('${NOMAD_PORT_http}', '${NOMAD_ALLOC_ADDR_http}');
    const { findings } = await run(text);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /is not set for task `web`: the port is declared, but Nomad sets NOMAD_ALLOC_\{ADDR,IP,INTERFACE\}_\* only in bridge or CNI network mode/);
  });

  it("no alarm for a name the task's own env block sets", async () => {
    const text = example('native/web.nomad.hcl')
      .replace('LISTEN   = "0.0.0.0:${NOMAD_PORT_http}"', 'NOMAD_PORT_admin = "9999"')
      .replace('ports = ["http"]', 'ports = ["http"]\n        args  = ["--admin", "${NOMAD_PORT_admin}"]');
    assert.match(text, /NOMAD_PORT_admin = "9999"/);
    assert.deepEqual((await run(text)).summary, []);
  });

  it('a task naming its own port with its own task prefix', async () => {
    const { findings } = await run(example('seed-db.nomad').replace('127.0.0.1:${NOMAD_PORT_tcp}', '127.0.0.1:${NOMAD_PORT_db_tcp}'));
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /`NOMAD_PORT_db_tcp` is not set for task `db`.*It is set in task `connect-proxy` only\./);
  });
});
