import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../server/src/core/features/hover';
import { parseVersion } from '../../server/src/core/version';
import { example, fixture, parseWithCursor } from '../helpers/documents';

/** Hover on runtime variable names: meaning, declaring block, version; unknown names with a suggestion. */

const cases: { name: string; text: string; version?: string; expect: RegExp[]; range?: string }[] = [
  {
    name: 'cleaned name in driver config: the mapped port, its port block and version',
    text: fixture('interpolation/hover/cleaned-in-config.nomad'),
    expect: [/^\*\*`NOMAD_PORT_http_api`\*\*/, /The mapped port `to = 8080` of dynamic port `http-api` declared in the group network\./, /From port "http-api" in the group network \(line 6\)\. Set since Nomad 0\.10\./],
    range: 'NOMAD_PORT_http_api',
  },
  {
    name: 'raw dashed name in env resolves',
    text: fixture('interpolation/hover/raw-in-env.nomad'),
    expect: [/The mapped port `to = 8080`/, /line 6/],
  },
  {
    name: 'upstream: the local listener and its upstreams block',
    text: fixture('interpolation/hover/upstream.nomad'),
    expect: [/127\.0\.0\.1:8081, the local listener of upstream `count-api`/, /From upstream "count-api" of service "api" \(line 28\)/],
  },
  {
    name: 'template env lookup',
    text: fixture('interpolation/hover/template-env.nomad'),
    expect: [/Host port of dynamic port `metrics`/],
  },
  {
    name: 'seed db: another task port',
    text: example('seed-db.nomad').replace('${NOMAD_ADDR_db_tcp}', '${NOMAD_ADDR_<|>db_tcp}'),
    expect: [/Host IP:port of dynamic port `tcp` declared in task `db`\./, /From port "tcp" in task "db" \(line 17\)\. Set since Nomad 0\.8\./],
  },
  {
    name: 'unknown name says so and suggests the nearest',
    text: example('seed-web.nomad').replace('${NOMAD_ADDR_proxy_tcp}', '${NOMAD_ADDR_<|>proxy_tpc}'),
    expect: [/Not set for task `web`: nothing declares it/, /Did you mean `NOMAD_ADDR_proxy_tcp`\?/],
  },
  {
    name: 'a task naming its own port with its task prefix',
    text: example('seed-db.nomad').replace('127.0.0.1:${NOMAD_PORT_tcp}', '127.0.0.1:${NOMAD_<|>PORT_db_tcp}'),
    expect: [/Not set for task `db`/, /It is set in task `connect-proxy` only\./],
  },
  {
    name: 'wrong spelling for the place',
    text: fixture('interpolation/hover/raw-in-env.nomad').replace('NOMAD<|>_PORT_http-api', 'NOMAD<|>_PORT_http_api'),
    expect: [/only `NOMAD_PORT_http-api` resolves here/],
  },
  {
    name: 'a variable newer than the target version',
    text: fixture('interpolation/hover/raw-in-env.nomad'),
    version: '0.10',
    expect: [/Set since Nomad 0\.10\./],
  },
  {
    name: 'group port ADDR before 0.12',
    text: fixture('interpolation/hover/raw-in-env.nomad').replace('NOMAD<|>_PORT_http-api', 'NOMAD<|>_HOST_ADDR_http-api'),
    version: '0.11',
    expect: [/Set from Nomad 0\.12 on; the target version is 0\.11\.0/],
  },
  {
    name: 'on a port label: the variables it gives, in both spellings',
    text: fixture('interpolation/rename/port-label.nomad'),
    expect: [/^\*\*Port `http-api`\*\*/, /- `NOMAD_PORT_http_api` \(`NOMAD_PORT_http-api` in `env`\): the mapped port `to = 8080`/, /- `NOMAD_HOST_ADDR_http-api`: host IP:port/],
    range: '"http-api"',
  },
  {
    name: 'on a task port label in the seed: also the names the other tasks use',
    text: example('seed-db.nomad').replace('port "tcp" {}', 'port "t<|>cp" {}'),
    expect: [/\*\*Port `tcp`\*\* of task `db`/, /- `NOMAD_ADDR_db_tcp` \(in the other tasks\): host IP:port/],
  },
  {
    name: 'a variable Nomad sets in every task',
    text: example('seed-db.nomad').replace('${NOMAD_ADDR_db_tcp}', '${NOMAD_ALLOC<|>_DIR}'),
    expect: [/^\*\*`NOMAD_ALLOC_DIR`\*\*/, /\n\nFrom Nomad itself, in every task\. Set since Nomad 0\.8\.$/],
    range: 'NOMAD_ALLOC_DIR',
  },
  {
    name: 'node attribute',
    text: fixture('interpolation/hover/raw-in-env.nomad').replace('NOMAD<|>_PORT_http-api', 'attr.<|>kernel.name'),
    expect: [/The kernel name, e\.g\. `linux`/],
  },
];

describe('hover on runtime variables', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { doc, position } = await parseWithCursor(c.text);
      const h = hoverAt(doc, position, parseVersion(c.version ?? '2.0')!);
      assert.ok(h, 'a hover');
      for (const re of c.expect) assert.match(h.markdown, re);
      if (c.range) assert.equal(doc.lines.slice(h.range), c.range);
    });
  }

  it('nothing outside interpolations', async () => {
    const { doc, position } = await parseWithCursor(fixture('interpolation/definition/from-service-port.nomad'));
    assert.equal(hoverAt(doc, position, parseVersion('2.0')!), undefined);
  });
});
