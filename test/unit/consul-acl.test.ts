import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConsulError } from '../../client/src/consul/errors';
import { FakeConsul } from '../consul/fakeConsul';
import { connect, rejection } from '../consul/harness';

/** ACLs: the token's sources, where it travels, 403s in plain words, and that it never leaks. */

const WRITER = 'c0ffee00-1111-4222-8333-secretwriter';
const READER = 'c0ffee00-2222-4222-8333-secretreader';

describe('consul intentions with ACLs', () => {
  let fake: FakeConsul;
  let dir: string;
  before(async () => {
    fake = await FakeConsul.start({
      mode: 'acl',
      tokens: {
        [WRITER]: { accessorId: 'acc-writer', intentionsRead: ['*'], intentionsWrite: ['db'], serviceRead: ['*'], agentRead: true },
        [READER]: { accessorId: 'acc-reader', intentionsRead: ['*'], agentRead: true },
      },
    });
    dir = mkdtempSync(path.join(tmpdir(), 'consul-acl-'));
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.entries.clear();
    fake.requests.length = 0;
  });

  const sources: [string, Parameters<typeof connect>[1]][] = [
    ['secret storage', { secretToken: WRITER, env: { CONSUL_HTTP_TOKEN: 'wrong', CONSUL_HTTP_TOKEN_FILE: '/nonexistent' } }],
    ['CONSUL_HTTP_TOKEN_FILE', { env: { CONSUL_HTTP_TOKEN_FILE: '<file>', CONSUL_HTTP_TOKEN: 'wrong' } }],
    ['CONSUL_HTTP_TOKEN', { env: { CONSUL_HTTP_TOKEN: WRITER } }],
  ];
  for (const [source, input] of sources) {
    it(`sends the token from ${source} as X-Consul-Token`, async () => {
      if (input?.env?.CONSUL_HTTP_TOKEN_FILE === '<file>') {
        const file = path.join(dir, 'token');
        writeFileSync(file, `${WRITER}\n`);
        input.env.CONSUL_HTTP_TOKEN_FILE = file;
      }
      const h = connect(fake, input);
      assert.equal(h.config.tokenSource, source);
      const result = await h.api.apply({ source: 'web', destination: 'db' }, 'allow');
      assert.equal(result.outcome, 'created');
      assert.equal(result.allowed, true);
      for (const r of fake.requests) {
        assert.equal(r.headers['x-consul-token'], WRITER);
        assert.equal(r.token, WRITER);
        assert.equal(r.query.token, undefined);
      }
      assertNoToken(h.logs, WRITER);
    });
  }

  it('a 403 says the token lacks intentions:write on the destination, and writes nothing', async () => {
    const h = connect(fake, { env: { CONSUL_HTTP_TOKEN: WRITER } });
    const err = await rejection(h.api.apply({ source: 'web', destination: 'api' }, 'allow'));
    assert.ok(err instanceof ConsulError);
    assert.equal(err.kind, 'permission-denied');
    assert.equal(err.status, 403);
    assert.equal(err.message, 'Permission denied: The Consul token (from CONSUL_HTTP_TOKEN) lacks intentions:write on "api".');
    assert.match(err.consulMessage!, /^Permission denied: token with AccessorID 'acc-writer' lacks permission 'intentions:write' on "api"$/);
    assert.equal(fake.all().length, 0);
    assertNoToken([...h.logs, err.message, err.consulMessage!, String(err.stack)], WRITER);
  });

  it('a read-only token cannot write', async () => {
    const err = await rejection(connect(fake, { secretToken: READER }).api.apply({ source: 'web', destination: 'db' }, 'deny'));
    assert.equal((err as ConsulError).kind, 'permission-denied');
    assert.match(err.message, /from secret storage\) lacks intentions:write on "db"/);
    assert.equal(fake.all().length, 0);
  });

  it('no token: the anonymous token is denied', async () => {
    const h = connect(fake);
    assert.equal(h.config.tokenSource, 'none');
    const err = await rejection(h.api.apply({ source: 'web', destination: 'db' }, 'allow'));
    assert.match(err.message, /^Permission denied: No ACL token is set, and the anonymous token lacks intentions:read on "db"\.$/);
    assert.equal(fake.requests[0].headers['x-consul-token'], undefined);
  });

  it('an unknown token is "ACL not found", without the token in the message or logs', async () => {
    const bogus = 'deadbeef-0000-4000-8000-bogustoken00';
    const h = connect(fake, { env: { CONSUL_HTTP_TOKEN: bogus } });
    const err = await rejection(h.api.apply({ source: 'web', destination: 'db' }, 'allow'));
    assert.equal((err as ConsulError).kind, 'acl-not-found');
    assert.match(err.message, /does not know the ACL token from CONSUL_HTTP_TOKEN \("ACL not found"\)/);
    assert.ok(h.logs.length > 0);
    assertNoToken([...h.logs, err.message], bogus);
  });

  it('the fake takes the token from Authorization: Bearer and ?token= as the agent does', async () => {
    const h = connect(fake);
    const anonymous = await h.http.request('GET', '/v1/agent/self');
    assert.equal(anonymous.status, 403);
    const viaQuery = await h.http.request('GET', '/v1/agent/self', { query: { token: READER } });
    assert.equal(viaQuery.status, 200);
    const res = await fetch(`${fake.address}/v1/agent/self`, { headers: { Authorization: `Bearer ${READER}` } });
    assert.equal(res.status, 200);
    assert.equal(fake.requests.at(-1)!.token, READER);
  });

  it('check reports deny by default when ACLs are on and nothing matches', async () => {
    const h = connect(fake, { env: { CONSUL_HTTP_TOKEN: READER } });
    assert.equal(await h.api.check({ source: 'web', destination: 'db' }), false);
  });
});

function assertNoToken(lines: string[], token: string): void {
  for (const line of lines) assert.ok(!line.includes(token), `token leaked into: ${line}`);
}
