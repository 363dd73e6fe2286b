import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { indentUnit } from '../../server/src/core/edit/indentation';
import { nativeRules } from '../../server/src/core/rules/native/index';
import { applyEdits, EXAMPLES, example, fixture } from '../helpers/documents';
import { checker, describeFixtures, diff, fixer, type RuleFamily } from '../helpers/ruleFixtures';

/**
 * The native Connect rules NCX-N01 … N10, N13, N14, driven by the fixtures in
 * test/fixtures/rules/native/ with the expectation scheme of test/helpers/ruleFixtures.ts
 * (the same as the manual proxy rules').
 */

const NATIVE: RuleFamily = {
  dir: 'rules/native',
  prefix: 'NCX-N',
  codes: ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '13', '14'].map((n) => `NCX-N${n}`),
  rules: nativeRules,
};
const DIR = NATIVE.dir;
const check = checker(NATIVE.rules);
const fixed = fixer(NATIVE.rules);

describeFixtures('native Connect rules: fixtures', NATIVE);

describe('native Connect rules: the examples stay clean', () => {
  for (const name of readdirSync(path.join(EXAMPLES, 'native')).filter((f) => f.endsWith('.nomad.hcl'))) {
    it(`examples/native/${name} has no native findings`, async () => {
      const { findings } = await check(example(`native/${name}`));
      assert.deepEqual(findings, []);
    });
  }
});

describe('native Connect rules: quick-fix edits keep the file layout', () => {
  it('detects the indentation step: tabs, 2 or 4 spaces', () => {
    assert.equal(indentUnit(fixture(`${DIR}/n01-native-tabs.nomad`)), '\t');
    assert.equal(indentUnit(fixture(`${DIR}/n01-task-level-connect.nomad`)), '  ');
    assert.equal(indentUnit(fixture(`${DIR}/n02-no-network.nomad`)), '    ');
  });

  it('N01 moves the task service, with its comment, in front of the tasks at group indentation', async () => {
    const text = fixture(`${DIR}/n01-task-level-connect.nomad`);
    const after = await fixed(text, 'NCX-N01');
    const lines = after.split('\n');
    const at = lines.indexOf('    # The API\'s mesh identity.');
    assert.deepEqual(lines.slice(at, at + 10), [
      '    # The API\'s mesh identity.',
      '    service {',
      '      name = "api"',
      '      port = "9001"',
      '',
      '      # expect: NCX-N01 error "connect" fix',
      '      connect {',
      '        sidecar_service {}',
      '      }',
      '    }',
    ]);
    assert.equal(lines[at + 11], '    # The API itself.', 'the service now precedes the task and the comment above it');
    assert.equal(lines[at + 12], '    task "api" {');
    assert.equal(lines.filter((l) => l.includes('# The API\'s mesh identity.')).length, 1, 'the comment moved, not copied');
  });

  it('N01 keeps tabs and gives a moved native service its task', async () => {
    const text = fixture(`${DIR}/n01-native-tabs.nomad`);
    const lines = (await fixed(text, 'NCX-N01')).split('\n');
    const at = lines.indexOf('\t\tservice {');
    assert.deepEqual(lines.slice(at, at + 8), ['\t\tservice {', '\t\t\ttask = "api"', '\t\t\tname = "api"', '\t\t\tport = "api"', '\t\t\t# expect: NCX-N01 error "connect" fix', '\t\t\tconnect {', '\t\t\t\tnative = true', '\t\t\t}']);
    assert.ok(at < lines.indexOf('\t\ttask "setup" {'), 'moved in front of the first task');
  });

  it('N02 adds a bridge network with the file\'s four-space indentation', async () => {
    const text = fixture(`${DIR}/n02-no-network.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N02')), ['+        network {', '+            mode = "bridge"', '+        }', '+']);
  });

  it('N02 sets or adds the mode', async () => {
    const host = fixture(`${DIR}/n02-host-mode.nomad`);
    assert.deepEqual(diff(host, await fixed(host, 'NCX-N02')), ['-      mode = "host"', '+      mode = "bridge"']);
    const none = fixture(`${DIR}/n02-missing-mode.nomad`);
    assert.deepEqual(diff(none, await fixed(none, 'NCX-N02')), ['+      mode = "bridge"']);
  });

  it('N03 lower-cases the literal name and the group label', async () => {
    const text = fixture(`${DIR}/n03-uppercase-names.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N03', 0, 0)), ['-  group "Checkout" {', '+  group "checkout" {']);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N03', 0, 1)), ['-      name = "Checkout-API"', '+      name = "checkout-api"']);
  });

  it('N05 picks a port no upstream, port or service of the group uses', async () => {
    const text = fixture(`${DIR}/n05-duplicate-binds.nomad`);
    const { findings, slice } = await check(text);
    const first = findings.find((f) => f.code === 'NCX-N05')!;
    assert.equal(first.message, 'upstream `cache` binds 127.0.0.1:5432, which upstream `db` in the same service already uses; Nomad rejects the job ("using same address for upstreams").');
    assert.deepEqual(first.related?.map((r) => slice({ ...first, range: r.range })), ['5432']);
    assert.equal(first.related?.[0].range.start.line, 15, 'related points at the first upstream using the port');
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N05')), ['-              local_bind_port  = 5432', '+              local_bind_port  = 5433']);
  });

  it('N06 fills destination_name from the NOMAD_UPSTREAM_* variable the task already uses', async () => {
    const text = fixture(`${DIR}/n06-incomplete-upstreams.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N06')), ['+              destination_name = "db"']);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N06', 0, 1)), ['+              local_bind_port = 10000']);
  });

  it('N08 opens `sidecar_service {}` to add a proxy with local_service_port, or uses the literal port', async () => {
    const text = fixture(`${DIR}/n08-label-with-to.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N08')), [
      '-        sidecar_service {}',
      '+        sidecar_service {',
      '+          proxy {',
      '+            local_service_port = 9001',
      '+          }',
      '+        }',
    ]);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N08', 1)), ['-      port = "http"', '+      port = "9001"']);
    const { findings, slice } = await check(text);
    assert.deepEqual(findings[0].related?.map((r) => slice({ ...findings[0], range: r.range })), ['to = 9001'], 'related points at the `to` port');
  });

  it('N13 offers loopback and any-address binds with NOMAD_PORT_*', async () => {
    const text = fixture(`${DIR}/n13-bind-host-address.nomad`);
    const { findings } = await check(text);
    assert.deepEqual(findings[0].fixes?.map((f) => [f.title, !!f.isPreferred]), [
      ['Bind 127.0.0.1:${NOMAD_PORT_http}', false],
      ['Bind 0.0.0.0:${NOMAD_PORT_http}', true],
    ]);
    const templated = findings.find((f) => f.range.start.line > 40)!;
    assert.deepEqual(diff(text, applyEdits(text, templated.fixes![1].edits)), [
      '-  listen {{ env "NOMAD_ADDR_admin" }};',
      '+  listen 0.0.0.0:{{ env "NOMAD_PORT_admin" }};',
    ]);
  });

  it('N14 removes an unsupported field with its trailing comment, and nothing else', async () => {
    const text = fixture(`${DIR}/n14-fields-before-1.1.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-N14')), ['-              local_bind_address = "127.0.0.1" # needs Nomad 1.1 (nomad#10057)']);
  });
});

describe('native Connect rules: target Nomad version', () => {
  const cni = fixture(`${DIR}/n02-ok-cni-and-gateway.nomad`);
  it('accepts cni/* networks from 1.11 only', async () => {
    assert.deepEqual((await check(cni, '1.11')).findings, []);
    assert.deepEqual((await check(cni, '1.10.3')).findings.map((f) => f.code), ['NCX-N02']);
  });

  it('reports each field by the release that added it', async () => {
    const text = fixture(`${DIR}/n14-ok-current-fields.nomad`);
    const reported = async (v: string) => {
      const { findings, slice } = await check(text, v);
      return findings.filter((f) => f.code === 'NCX-N14').map(slice).sort();
    };
    assert.deepEqual(await reported('1.8'), []);
    assert.deepEqual(await reported('1.7'), ['destination_partition', 'transparent_proxy']);
    assert.deepEqual(await reported('1.4'), ['config', 'destination_partition', 'transparent_proxy']);
    assert.deepEqual(await reported('1.0'), ['config', 'destination_namespace', 'destination_partition', 'local_bind_address', 'mesh_gateway', 'transparent_proxy']);
    assert.deepEqual(await reported('0.9'), ['connect']);
  });
});
