import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { classifyHost, parseGoInt, splitHostPort } from '../../server/src/core/rules/manual/address';
import { manualProxyRules } from '../../server/src/core/rules/manual/index';
import { portVarName, resolvePortVar } from '../../server/src/core/rules/manual/portVars';
import { parseUpstream } from '../../server/src/core/rules/manual/upstreams';
import type { Finding } from '../../server/src/core/types';
import { NEWEST_NOMAD } from '../../server/src/core/version';
import { applyEdits, example, FIXTURES, fixture, parseDoc } from '../helpers/documents';

/**
 * The manual `consul connect proxy` rules NCX-L01 … NCX-L11, driven by the fixtures in
 * test/fixtures/rules/manual/.
 *
 * Expectation scheme: a comment line
 *
 *     # expect: NCX-L01 error "-listen" fix
 *
 * declares one finding on the next line that is not a comment: its code, its severity, the exact
 * text its range covers (a JSON string) and, with the trailing `fix`, that it offers a quick fix.
 * A fixture's NCX-L findings must be exactly its expectations, no more; findings without a
 * declared `fix` must offer none. Files named `lNN-ok-*.nomad` are near misses of NCX-LNN.
 * Every quick fix offered is applied, the file re-analysed: it must still parse, and the rule
 * must report one finding less (so a file with one finding re-checks clean for that rule).
 */

const DIR = 'rules/manual';
const CODES = Array.from({ length: 11 }, (_, i) => `NCX-L${String(i + 1).padStart(2, '0')}`);
const EXPECT = /^\s*#\s*expect:\s*(NCX-L\d\d)\s+(error|warning|information|hint)\s+("(?:[^"\\]|\\.)*")(\s+fix)?\s*$/;
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

async function check(text: string): Promise<{ findings: Finding[]; slice: (f: Finding) => string }> {
  const doc = await parseDoc(text);
  const findings = analyze(doc, {}, manualProxyRules);
  return { findings, slice: (f) => doc.lines.slice(f.range) };
}

const show = (f: Finding, text: string) => `${f.code} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} "${text}"`;

const files = readdirSync(path.join(FIXTURES, DIR))
  .filter((f) => f.endsWith('.nomad'))
  .sort();

describe('manual proxy rules: fixtures', () => {
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
      for (const f of nearMisses) {
        assert.ok(!expectations(fixture(`${DIR}/${f}`)).some((e) => e.code === code), `near miss ${f} expects ${code}`);
      }
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

/** Applies fix `fixIndex` of the first finding with `code` and returns the new text. */
async function fixed(text: string, code: string, fixIndex = 0, nth = 0): Promise<string> {
  const { findings } = await check(text);
  const f = findings.filter((g) => g.code === code)[nth];
  assert.ok(f, `no ${code} finding`);
  const fix = f.fixes?.[fixIndex];
  assert.ok(fix, `${code} finding has no fix ${fixIndex}`);
  return applyEdits(text, fix.edits);
}

/**
 * The lines of `after` that differ from `before`, as `-old` then `+new`: line by line when the
 * line count is unchanged, else the changed middle between the common head and tail.
 */
function diff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length === b.length) {
    const changed = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
    return [...changed.map((i) => `-${a[i]}`), ...changed.map((i) => `+${b[i]}`)];
  }
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

describe('manual proxy rules: quick-fix edits keep the list layout', () => {
  it('adds -service-addr on its own line, indented like its neighbours, in a one-per-line list', async () => {
    const text = fixture(`${DIR}/l01-listen-without-service-addr.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L01')), ['+          "-service-addr", "127.0.0.1:${NOMAD_PORT_db_tcp}",']);
  });

  it('adds -service-addr inline in an inline list, with the app task port', async () => {
    const text = fixture(`${DIR}/l01-inline-args.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L01')), [
      '-        args = ["connect", "proxy", "-service", "api", "-listen", ":${NOMAD_PORT_public}"]',
      '+        args = ["connect", "proxy", "-service", "api", "-listen", ":${NOMAD_PORT_public}", "-service-addr", "127.0.0.1:${NOMAD_PORT_api_http}"]',
    ]);
  });

  it('adds -register-id after a last element that has no trailing comma', async () => {
    const text = fixture(`${DIR}/l10-register-id-missing.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L10')), [
      '-          "-register"',
      '+          "-register",',
      '+          "-register-id", "${NOMAD_ALLOC_ID}"',
    ]);
  });

  it('writes new flags as -flag=value when the proxy does', async () => {
    const text = [
      'job "db" {',
      '  group "db" {',
      '    count = 2',
      '    task "proxy" {',
      '      driver = "raw_exec"',
      '      config {',
      '        command = "consul"',
      '        args    = ["connect", "proxy", "-service=db", "-service-addr=127.0.0.1:5432", "-listen=:${NOMAD_PORT_tcp}", "-register"]',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L10')), [
      '-        args    = ["connect", "proxy", "-service=db", "-service-addr=127.0.0.1:5432", "-listen=:${NOMAD_PORT_tcp}", "-register"]',
      '+        args    = ["connect", "proxy", "-service=db", "-service-addr=127.0.0.1:5432", "-listen=:${NOMAD_PORT_tcp}", "-register", "-register-id=${NOMAD_ALLOC_ID}"]',
    ]);
  });

  it('drops -register with its whole line, or adds -listen on the proxy port', async () => {
    const upstreamOnly = fixture(`${DIR}/l02-register-without-listen.nomad`);
    const { findings } = await check(upstreamOnly);
    assert.deepEqual(findings[0].fixes?.map((f) => f.title), ['Remove `-register`']);
    assert.deepEqual(diff(upstreamOnly, await fixed(upstreamOnly, 'NCX-L02')), ['-          "-register",']);

    const withAddr = fixture(`${DIR}/l02-register-add-listen.nomad`);
    assert.deepEqual(diff(withAddr, await fixed(withAddr, 'NCX-L02')), ['+          "-listen", ":${NOMAD_PORT_tcp}",']);
  });

  it('removes the replaced upstream from an inline list', async () => {
    const text = fixture(`${DIR}/l05-duplicate-upstream.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L05', 0, 1)), [
      '-        args    = ["connect", "proxy", "-service", "shop", "-upstream", "orders.query:9001", "-upstream", "orders:9002"]',
      '+        args    = ["connect", "proxy", "-service", "shop", "-upstream", "orders:9002"]',
    ]);
  });

  it('sets or adds network_mode = "host" in the docker config', async () => {
    const text = fixture(`${DIR}/l11-docker-proxy-loopback.nomad`);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L11')), ['+        network_mode = "host"']);
    assert.deepEqual(diff(text, await fixed(text, 'NCX-L11', 0, 1)), ['-        network_mode = "bridge"', '+        network_mode = "host"']);
  });

  it('binds the app to 127.0.0.1 and points a host-IP -service-addr there too', async () => {
    const text = fixture(`${DIR}/l09-app-binds-publicly.nomad`);
    const after = await fixed(text, 'NCX-L09', 0, 1);
    assert.deepEqual(diff(text, after), [
      '-        BIND = "${NOMAD_ADDR_http}"',
      '-        args    = ["connect", "proxy", "-service", "api", "-service-addr", "${NOMAD_ADDR_api_http}", "-listen", ":${NOMAD_PORT_public}", "-register"]',
      '+        BIND = "127.0.0.1:${NOMAD_PORT_http}"',
      '+        args    = ["connect", "proxy", "-service", "api", "-service-addr", "127.0.0.1:${NOMAD_PORT_api_http}", "-listen", ":${NOMAD_PORT_public}", "-register"]',
    ]);
    assert.ok(!(await check(after)).findings.some((f) => f.code === 'NCX-L08'), 'the pair still meets on loopback');
  });
});

describe('manual proxy rules: the seed page jobs', () => {
  it('seed-db: only NCX-L08, on -service-addr ${NOMAD_ADDR_db_tcp} against the db bound to loopback', async () => {
    const text = example('seed-db.nomad');
    const { findings, slice } = await check(text);
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity} ${slice(f)}`), ['NCX-L08 warning ${NOMAD_ADDR_db_tcp}']);
    const [f] = findings;
    for (const part of ['`-service-addr ${NOMAD_ADDR_db_tcp}`', 'task `connect-proxy`', "task `db`'s port `tcp`", '`127.0.0.1:${NOMAD_PORT_tcp}`', 'network_interface', 'nomad agent -dev']) {
      assert.ok(f.message.includes(part), `message names ${part}: ${f.message}`);
    }
    assert.equal(f.related?.length, 1);
    const doc = await parseDoc(text);
    assert.equal(doc.lines.slice(f.related![0].range), '127.0.0.1:${NOMAD_PORT_tcp}');
    const after = applyEdits(text, f.fixes![0].edits);
    assert.deepEqual(diff(text, after), [
      '-                    "-service-addr", "${NOMAD_ADDR_db_tcp}",',
      '+                    "-service-addr", "127.0.0.1:${NOMAD_PORT_db_tcp}",',
    ]);
    assert.deepEqual((await check(after)).findings, []);
  });

  it('seed-web: only NCX-L08, on the web task dialing ${NOMAD_ADDR_proxy_tcp} while upstream db listens on loopback', async () => {
    const text = example('seed-web.nomad');
    const { findings, slice } = await check(text);
    assert.deepEqual(findings.map((f) => `${f.code} ${f.severity} ${slice(f)}`), ['NCX-L08 warning ${NOMAD_ADDR_proxy_tcp}']);
    const [f] = findings;
    for (const part of ['task `web`', '`${NOMAD_ADDR_proxy_tcp}`', "task `proxy`'s port `tcp`", 'upstream `db`', '`-upstream db:${NOMAD_PORT_tcp}`', '127.0.0.1', 'nomad agent -dev']) {
      assert.ok(f.message.includes(part), `message names ${part}: ${f.message}`);
    }
    const doc = await parseDoc(text);
    assert.equal(doc.lines.slice(f.related![0].range), 'db:${NOMAD_PORT_tcp}');
    const after = applyEdits(text, f.fixes![0].edits);
    assert.deepEqual(diff(text, after), [
      '-                DATABASE_URL = "postgresql://${NOMAD_ADDR_proxy_tcp}/db"',
      '+                DATABASE_URL = "postgresql://127.0.0.1:${NOMAD_PORT_proxy_tcp}/db"',
    ]);
    assert.deepEqual((await check(after)).findings, []);
  });
});

describe('manual proxy rules: value parsing', () => {
  it('splits host:port like Go, with ${…} inside', () => {
    assert.deepEqual(splitHostPort('127.0.0.1:${NOMAD_PORT_tcp}')?.host, '127.0.0.1');
    assert.deepEqual(splitHostPort(':${NOMAD_PORT_tcp}')?.port, '${NOMAD_PORT_tcp}');
    assert.deepEqual(splitHostPort('[::1]:80')?.host, '::1');
    assert.equal(splitHostPort('${NOMAD_ADDR_tcp}'), undefined);
    assert.equal(splitHostPort('a:b:c'), undefined);
  });

  it('classifies hosts', () => {
    assert.deepEqual(
      ['', '127.0.0.2', 'localhost', '0.0.0.0', '::', '${NOMAD_IP_tcp}', '${attr.unique.network.ip-address}', '10.0.0.1', '${var.host}'].map(classifyHost),
      ['empty', 'loopback', 'loopback', 'unspecified', 'unspecified', 'hostIp', 'hostIp', 'other', 'unknown'],
    );
  });

  it('parses ports like strconv.ParseInt(s, 0, 0)', () => {
    assert.deepEqual(['8080', '0x1F90', '0o17', '017', '0b11', '1_000', '0', '08', '', 'http', '1__0'].map(parseGoInt), [
      8080, 8080, 15, 15, 3, 1000, 0, undefined, undefined, undefined, undefined,
    ]);
  });

  it('splits -upstream values into name, type, host and port', () => {
    const flag = { name: 'upstream', nameRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } } as never;
    const up = parseUpstream(flag, 'db.query:127.0.0.1:${NOMAD_PORT_tcp}');
    assert.deepEqual([up.name, up.host, up.port, up.error], ['db', '127.0.0.1', '${NOMAD_PORT_tcp}', undefined]);
    assert.match(parseUpstream(flag, 'db.svc:1').error!.message, /\.svc/);
    assert.equal(parseUpstream(flag, '${NOMAD_META_up}').error, undefined);
    assert.equal(parseUpstream(flag, 'db:0').portNumber, 0);
  });
});

describe('manual proxy rules: port variables come from the nomadEnv catalog', () => {
  const text = [
    'job "shop" {',
    '  group "shop" {',
    '    network {',
    '      port "http-api" {}',
    '    }',
    '    task "web-app" {',
    '      driver = "raw_exec"',
    '      resources {',
    '        network {',
    '          port "db-tcp" {}',
    '        }',
    '      }',
    '    }',
    '    task "proxy" {',
    '      driver = "raw_exec"',
    '    }',
    '  }',
    '}',
  ].join('\n');

  it('resolves dashed labels in the raw and the cleaned spelling, own and cross-task', async () => {
    const doc = await parseDoc(text);
    const [web, proxy] = doc.model.jobs[0].groups[0].tasks;
    const seen = (name: string, scope = proxy) => {
      const pv = resolvePortVar(name, scope, NEWEST_NOMAD);
      return pv && `${pv.kind} ${pv.port.label} ${pv.suffix}${pv.crossTask ? ' cross-task' : ''}`;
    };
    assert.equal(seen('NOMAD_PORT_http-api'), 'PORT http-api http-api');
    assert.equal(seen('NOMAD_PORT_http_api'), 'PORT http-api http_api');
    assert.equal(seen('NOMAD_HOST_PORT_http_api'), 'PORT http-api http_api');
    assert.equal(seen('NOMAD_ADDR_web-app_db-tcp'), 'ADDR db-tcp web-app_db-tcp cross-task');
    assert.equal(seen('NOMAD_IP_web_app_db_tcp'), 'IP db-tcp web_app_db_tcp cross-task');
    assert.equal(seen('NOMAD_IP_db_tcp', web), 'IP db-tcp db_tcp');
    assert.equal(seen('NOMAD_HOST_PORT_web_app_db_tcp'), undefined, 'no cross-task NOMAD_HOST_PORT_*');
    assert.equal(seen('NOMAD_ALLOC_PORT_http_api'), undefined, 'only ADDR, IP, PORT and HOST_PORT');
    const dbTcp = web.networks[0].ports[0];
    assert.equal(portVarName('PORT', dbTcp, proxy, NEWEST_NOMAD), 'NOMAD_PORT_web_app_db_tcp');
    assert.equal(portVarName('ADDR', dbTcp, web, NEWEST_NOMAD), 'NOMAD_ADDR_db_tcp');
  });
});
