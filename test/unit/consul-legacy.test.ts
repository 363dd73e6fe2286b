import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { flavorOf } from '../../client/src/consul/intentions';
import { FakeConsul } from '../consul/fakeConsul';
import { connect } from '../consul/harness';

/** Pre-1.9 agents: no `/exact`; the legacy POST, "duplicate intention found", update by ID. */

describe('consul intentions (pre-1.9 agent)', () => {
  let fake: FakeConsul;
  before(async () => {
    fake = await FakeConsul.start({ mode: 'legacy' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.entries.clear();
    fake.requests.length = 0;
  });

  it('picks the endpoint from the agent version', () => {
    assert.equal(flavorOf('1.8.4'), 'legacy');
    assert.equal(flavorOf('1.2.0'), 'legacy');
    assert.equal(flavorOf('1.9.0+ent'), 'exact');
    assert.equal(flavorOf('v1.10.1'), 'exact');
    assert.equal(flavorOf('2.0.0'), 'exact');
    assert.equal(flavorOf('dev'), undefined);
  });

  it('creates with POST after reading the version, never touching /exact', async () => {
    const result = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow');
    assert.deepEqual({ outcome: result.outcome, api: result.api, allowed: result.allowed }, { outcome: 'created', api: 'legacy', allowed: true });
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET /v1/agent/self 200', 'GET /v1/connect/intentions/match 200', 'POST /v1/connect/intentions 200', 'GET /v1/connect/intentions/check 200'],
    );
    assert.deepEqual(fake.requests[1].query, { by: 'destination', name: 'db' });
    const post = JSON.parse(fake.requests[2].body);
    assert.deepEqual(post, { SourceName: 'web', DestinationName: 'db', SourceType: 'consul', Action: 'allow', Description: 'Created by Nomad Connect' });
    assert.equal(fake.find('web', 'db')?.action, 'allow');
  });

  it('a repeat is done without writing', async () => {
    fake.seed('web', 'db', 'allow');
    const result = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow');
    assert.equal(result.outcome, 'unchanged');
    assert.equal(fake.requests.filter((r) => r.method !== 'GET').length, 0);
  });

  it('treats "duplicate intention found" as done when the pair appeared meanwhile', async () => {
    const { api, http } = connect(fake);
    // The read sees nothing; the pair is created between the read and the POST.
    const read = api.read.bind(api);
    api.read = async (pair) => {
      const r = await read(pair);
      fake.seed('web', 'db', 'allow');
      return r;
    };
    const result = await api.apply({ source: 'web', destination: 'db' }, 'allow');
    assert.equal(result.outcome, 'unchanged');
    const post = fake.requests.find((r) => r.method === 'POST')!;
    assert.equal(post.status, 500);
    const res = await http.request('POST', '/v1/connect/intentions', { body: { SourceName: 'web', DestinationName: 'db', Action: 'allow' } });
    assert.match(res.body, /^duplicate intention found: ALLOW web => db \(ID [0-9a-f-]{36}\)$/);
    assert.equal(fake.all().length, 1);
  });

  it('replaces a confirmed deny by ID', async () => {
    const seeded = fake.seed('web', 'db', 'deny');
    const result = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow', { confirmReplace: async () => true });
    assert.deepEqual({ outcome: result.outcome, allowed: result.allowed }, { outcome: 'updated', allowed: true });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    assert.equal(put.path, `/v1/connect/intentions/${seeded.id}`);
    assert.equal(JSON.parse(put.body).Action, 'allow');
    assert.equal(fake.find('web', 'db')?.action, 'allow');
  });

  it('answers /exact like the by-ID route with ID "exact"', async () => {
    const res = await connect(fake).http.request('PUT', '/v1/connect/intentions/exact', { query: { source: 'web', destination: 'db' }, body: { Action: 'allow' } });
    assert.equal(res.status, 500);
    assert.equal(res.body, 'Intention lookup failed: failed intention lookup: UUID must be 36 characters');
  });
});

describe('consul intentions (agent version unreadable)', () => {
  it('falls back from /exact to the legacy POST on a non-403 error', async () => {
    // ACLs on, and the token may write intentions but not read the agent: the version is unknown.
    const fake = await FakeConsul.start({ mode: 'legacy', acl: true, tokens: { 'ops-secret': { intentionsWrite: ['*'] } } });
    try {
      const result = await connect(fake, { env: { CONSUL_HTTP_TOKEN: 'ops-secret' } }).api.apply({ source: 'web', destination: 'db' }, 'allow');
      assert.deepEqual({ outcome: result.outcome, api: result.api, allowed: result.allowed }, { outcome: 'created', api: 'legacy', allowed: true });
      assert.deepEqual(
        fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
        [
          'GET /v1/agent/self 403',
          'GET /v1/connect/intentions/exact 500',
          'GET /v1/connect/intentions/match 200',
          'POST /v1/connect/intentions 200',
          'GET /v1/connect/intentions/check 200',
        ],
      );
      assert.equal(fake.find('web', 'db')?.action, 'allow');
    } finally {
      await fake.close();
    }
  });

  it('does not fall back on a 403', async () => {
    const fake = await FakeConsul.start({ mode: 'acl', tokens: { 'reader-secret': { intentionsRead: ['*'] } } });
    try {
      const { api } = connect(fake, { env: { CONSUL_HTTP_TOKEN: 'reader-secret' } });
      await assert.rejects(api.apply({ source: 'web', destination: 'db' }, 'allow'), { name: 'ConsulError', message: /lacks intentions:write on "db"/ });
      assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 0);
      assert.equal(fake.all().length, 0);
    } finally {
      await fake.close();
    }
  });
});
