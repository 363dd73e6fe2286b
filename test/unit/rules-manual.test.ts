import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyHost, parseGoInt, splitHostPort } from '../../server/src/core/rules/manual/address';
import { manualProxyRules } from '../../server/src/core/rules/manual/index';
import { portVarName, resolvePortVar } from '../../server/src/core/rules/manual/portVars';
import { parseUpstream } from '../../server/src/core/rules/manual/upstreams';
import { NEWEST_NOMAD } from '../../server/src/core/version';
import { applyEdits, example, fixture, parseDoc } from '../helpers/documents';
import { checker, describeFixtures, diff, fixer, type RuleFamily } from '../helpers/ruleFixtures';

/**
 * The manual `consul connect proxy` rules NCX-L01 … NCX-L11, driven by the fixtures in
 * test/fixtures/rules/manual/ with the expectation scheme of test/helpers/ruleFixtures.ts.
 */

const MANUAL: RuleFamily = {
  dir: 'rules/manual',
  prefix: 'NCX-L',
  codes: Array.from({ length: 11 }, (_, i) => `NCX-L${String(i + 1).padStart(2, '0')}`),
  rules: manualProxyRules,
};
const DIR = MANUAL.dir;
const check = checker(MANUAL.rules);
const fixed = fixer(MANUAL.rules);

describeFixtures('manual proxy rules: fixtures', MANUAL);

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
