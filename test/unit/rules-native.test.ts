import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { indentUnit } from '../../server/src/core/rules/native/edits';
import { nativeRules } from '../../server/src/core/rules/native/index';
import { comparePositions, type Finding } from '../../server/src/core/types';
import { applyEdits, EXAMPLES, example, FIXTURES, fixture, parseDoc } from '../helpers/documents';

/**
 * The native Connect rules NCX-N01 … N10, N13, N14, driven by the fixtures in
 * test/fixtures/rules/native/ (the same scheme as the manual proxy rules' tests).
 *
 * Expectation scheme: a comment line
 *
 *     # expect: NCX-N05 error "5432" fix
 *
 * declares one finding on the next line that is not a comment: its code, its severity, the exact
 * text its range covers (a JSON string) and, with the trailing `fix`, that it offers a quick fix.
 * Several expect lines in a row all point at the same next line. A fixture's native findings must
 * be exactly its expectations, no more; findings without a declared `fix` must offer none.
 * A line `# nomad-version: 1.0.4` anywhere in the file sets the target Nomad version (default:
 * the newest). Files named `nNN-ok-*.nomad` are near misses of NCX-NNN.
 * Every quick fix offered is applied and the file re-analysed: it must still parse, and the rule
 * must report one finding less (so a file with one finding re-checks clean for that rule).
 */

const DIR = 'rules/native';
const CODES = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '13', '14'].map((n) => `NCX-N${n}`);
const EXPECT = /^\s*#\s*expect:\s*(NCX-N\d\d)\s+(error|warning|information|hint)\s+("(?:[^"\\]|\\.)*")(\s+fix)?\s*$/;
const VERSION = /^\s*#\s*nomad-version:\s*(\S+)\s*$/m;
const COMMENT = /^\s*(#|\/\/)/;

interface Expectation {
  code: string;
  severity: string;
  text: string;
  fix: boolean;
  /** 0-based line the finding starts on. */
  line: number;
}

function expectations(text: string): Expectation[] {
  const lines = text.split('\n');
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    if (/#\s*expect:/.test(l) && !EXPECT.test(l)) throw new Error(`malformed expectation on line ${i + 1}: ${l}`);
    const m = EXPECT.exec(l);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && COMMENT.test(lines[target])) target++;
    out.push({ code: m[1], severity: m[2], text: JSON.parse(m[3]) as string, fix: !!m[4], line: target });
  });
  return out;
}

async function check(text: string, nomadVersion = VERSION.exec(text)?.[1]): Promise<{ findings: Finding[]; slice: (f: Finding) => string }> {
  const doc = await parseDoc(text);
  const findings = analyze(doc, { nomadVersion }, nativeRules);
  return { findings, slice: (f) => doc.lines.slice(f.range) };
}

const show = (f: Finding, text: string) => `${f.code} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} "${text}"`;

const files = readdirSync(path.join(FIXTURES, DIR))
  .filter((f) => f.endsWith('.nomad'))
  .sort();

describe('native Connect rules: fixtures', () => {
  it('every rule has a fixture that triggers it and a near-miss fixture', () => {
    for (const code of CODES) {
      const id = code.slice(4).toLowerCase();
      const triggers = files.filter((f) => f.startsWith(`${id}-`) && !f.startsWith(`${id}-ok`));
      const nearMisses = files.filter((f) => f.startsWith(`${id}-ok`));
      assert.ok(nearMisses.length > 0, `${code} has no ${id}-ok-*.nomad fixture`);
      assert.ok(
        triggers.some((f) => expectations(fixture(`${DIR}/${f}`)).some((e) => e.code === code)),
        `${code} has no ${id}-*.nomad fixture expecting it`,
      );
      for (const f of nearMisses) assert.ok(!expectations(fixture(`${DIR}/${f}`)).some((e) => e.code === code), `near miss ${f} expects ${code}`);
    }
  });

  for (const file of files) {
    describe(file, () => {
      const text = fixture(`${DIR}/${file}`);

      it('reports exactly the expected findings', async () => {
        const { findings, slice } = await check(text);
        assert.deepEqual(findings.filter((f) => f.code === 'syntax'), [], 'fixture parses');
        const actual = findings.map((f) => `${f.code} ${f.severity} line ${f.range.start.line + 1} ${JSON.stringify(slice(f))}${f.fixes?.length ? ' fix' : ''}`).sort();
        const expected = expectations(text)
          .map((e) => `${e.code} ${e.severity} line ${e.line + 1} ${JSON.stringify(e.text)}${e.fix ? ' fix' : ''}`)
          .sort();
        assert.deepEqual(actual, expected);
      });

      it('every finding names things and every quick fix re-checks clean for its rule', async () => {
        const { findings, slice } = await check(text);
        for (const f of findings) {
          assert.match(f.message, /`[^`]+`/, `${show(f, slice(f))}: message names what is involved`);
          for (const fix of f.fixes ?? []) {
            const after = await check(applyEdits(text, fix.edits));
            const label = `${show(f, slice(f))} / ${fix.title}`;
            assert.deepEqual(after.findings.filter((g) => g.code === 'syntax'), [], `${label}: fixed file parses`);
            const before = findings.filter((g) => g.code === f.code).length;
            assert.equal(after.findings.filter((g) => g.code === f.code).length, before - 1, `${label}: one ${f.code} less`);
          }
        }
      });
    });
  }
});

describe('native Connect rules: the examples stay clean', () => {
  for (const name of readdirSync(path.join(EXAMPLES, 'native')).filter((f) => f.endsWith('.nomad.hcl'))) {
    it(`examples/native/${name} has no native findings`, async () => {
      const { findings } = await check(example(`native/${name}`));
      assert.deepEqual(findings, []);
    });
  }
});

/** Applies fix `fixIndex` of the `nth` finding with `code` (in document order) and returns the new text. */
async function fixed(text: string, code: string, fixIndex = 0, nth = 0): Promise<string> {
  const { findings } = await check(text);
  const f = findings.filter((g) => g.code === code).sort((a, b) => comparePositions(a.range.start, b.range.start))[nth];
  assert.ok(f, `no ${code} finding`);
  const fix = f.fixes?.[fixIndex];
  assert.ok(fix, `${code} finding has no fix ${fixIndex}`);
  return applyEdits(text, fix.edits);
}

/** The lines of `after` that differ from `before`: the changed middle between common head and tail. */
function diff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [...a.slice(start, endA).map((l) => `-${l}`), ...b.slice(start, endB).map((l) => `+${l}`)];
}

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
