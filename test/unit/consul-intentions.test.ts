import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConsulError } from '../../client/src/consul/errors';
import { FakeConsul } from '../consul/fakeConsul';
import { connect, rejection } from '../consul/harness';

/** "Connect: allow service" against a 1.9+ agent: PUT …/exact, deny→allow, check, errors. */

describe('consul intentions (1.9+ agent)', () => {
  let fake: FakeConsul;
  before(async () => {
    fake = await FakeConsul.start({ mode: 'modern' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.entries.clear();
    fake.requests.length = 0;
    fake.connectEnabled = true;
  });

  it('creates an allow with PUT …/exact and confirms with …/check', async () => {
    const { api, logs } = connect(fake);
    const result = await api.apply({ source: 'web', destination: 'db' }, 'allow', { description: 'from the editor' });
    assert.deepEqual(
      { outcome: result.outcome, api: result.api, allowed: result.allowed, previous: result.previous },
      { outcome: 'created', api: 'exact', allowed: true, previous: undefined },
    );
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    assert.equal(put.path, '/v1/connect/intentions/exact');
    assert.deepEqual(put.query, { source: 'web', destination: 'db' });
    assert.deepEqual(JSON.parse(put.body), { Action: 'allow', Description: 'from the editor' });
    assert.equal(put.headers['content-type'], 'application/json');
    assert.deepEqual(
      fake.requests.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET /v1/agent/self 200', 'GET /v1/connect/intentions/exact 404', 'PUT /v1/connect/intentions/exact 200', 'GET /v1/connect/intentions/check 200'],
    );
    assert.equal(fake.find('web', 'db')?.action, 'allow');
    assert.equal(fake.find('web', 'db')?.description, 'from the editor');
    assert.equal(logs.length, 4);
    assert.match(logs[2], /^PUT \/v1\/connect\/intentions\/exact\?source=web&destination=db → 200 \(\d+ ms\)$/);
  });

  it('repeating the command changes nothing', async () => {
    const { api } = connect(fake);
    await api.apply({ source: 'web', destination: 'db' }, 'allow');
    const before = { ...fake.find('web', 'db')! };
    fake.requests.length = 0;
    const again = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow');
    assert.equal(again.outcome, 'unchanged');
    assert.equal(again.allowed, true);
    assert.equal(fake.requests.filter((r) => r.method !== 'GET').length, 0);
    assert.deepEqual(fake.find('web', 'db'), before);
    assert.equal(fake.all().length, 1);
  });

  it('asks before turning a deny into an allow, and keeps the deny when declined', async () => {
    fake.seed('web', 'db', 'deny');
    const asked: string[] = [];
    const declined = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow', {
      confirmReplace: async (pair, current) => {
        asked.push(`${pair.source}→${pair.destination}:${current}`);
        return false;
      },
    });
    assert.deepEqual(asked, ['web→db:deny']);
    assert.equal(declined.outcome, 'kept');
    assert.equal(declined.allowed, false);
    assert.equal(fake.find('web', 'db')?.action, 'deny');
    assert.equal(fake.requests.filter((r) => r.method === 'PUT').length, 0);

    const accepted = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow', { confirmReplace: async () => true });
    assert.deepEqual({ outcome: accepted.outcome, previous: accepted.previous, allowed: accepted.allowed }, { outcome: 'updated', previous: 'deny', allowed: true });
    assert.equal(fake.find('web', 'db')?.action, 'allow');
  });

  it('without a confirmation callback a deny is kept', async () => {
    fake.seed('web', 'db', 'deny');
    const result = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow');
    assert.equal(result.outcome, 'kept');
    assert.equal(fake.find('web', 'db')?.action, 'deny');
  });

  it('turns an allow into a deny without asking', async () => {
    fake.seed('web', 'db', 'allow');
    const result = await connect(fake).api.apply({ source: 'web', destination: 'db' }, 'deny', {
      confirmReplace: () => assert.fail('must not ask'),
    });
    assert.deepEqual({ outcome: result.outcome, allowed: result.allowed }, { outcome: 'updated', allowed: false });
    assert.equal(fake.find('web', 'db')?.action, 'deny');
  });

  it('accepts * as a whole name', async () => {
    const result = await connect(fake).api.apply({ source: '*', destination: 'db' }, 'allow');
    assert.equal(result.outcome, 'created');
    assert.equal(fake.find('*', 'db')?.action, 'allow');
  });

  it('rejects a bad name before calling Consul', async () => {
    for (const source of ['we*b', '', 'a b', 'p/ns/x/y', '*/web']) {
      const err = await rejection(connect(fake).api.apply({ source, destination: 'db' }, 'allow'));
      assert.ok(err instanceof ConsulError && err.kind === 'bad-name', `${source}: ${err.message}`);
      assert.match(err.message, /^Bad source name/);
    }
    assert.equal(fake.requests.length, 0);
  });

  it('says so when Connect is disabled, and writes nothing', async () => {
    fake.connectEnabled = false;
    const err = await rejection(connect(fake).api.apply({ source: 'web', destination: 'db' }, 'allow'));
    assert.ok(err instanceof ConsulError);
    assert.equal(err.kind, 'connect-disabled');
    assert.match(err.message, /Connect is disabled/);
    assert.equal(fake.requests.filter((r) => r.method === 'PUT').length, 0);
  });

  it('sends ns= and partition= from the settings on every intentions request', async () => {
    const { api } = connect(fake, { settings: { namespace: 'team-a', partition: 'part-1' } });
    await api.apply({ source: 'web', destination: 'db' }, 'allow');
    const intentionRequests = fake.requests.filter((r) => r.path.startsWith('/v1/connect/'));
    assert.equal(intentionRequests.length, 3);
    for (const r of intentionRequests) assert.deepEqual({ ns: r.query.ns, partition: r.query.partition }, { ns: 'team-a', partition: 'part-1' });
    assert.equal(fake.find('part-1/team-a/web', 'part-1/team-a/db')?.action, 'allow');
    assert.equal(fake.find('web', 'db'), undefined);
    assert.deepEqual(fake.requests.find((r) => r.path === '/v1/agent/self')!.query, {});
  });

  it('takes CONSUL_NAMESPACE and CONSUL_PARTITION from the environment', async () => {
    const { api } = connect(fake, { env: { CONSUL_NAMESPACE: 'env-ns', CONSUL_PARTITION: 'env-part' } });
    assert.equal(await api.check({ source: 'web', destination: 'db' }), true);
    assert.deepEqual(fake.requests.at(-1)!.query, { source: 'web', destination: 'db', ns: 'env-ns', partition: 'env-part' });
  });

  it('reads the current action of a pair', async () => {
    fake.seed('web', 'api', 'deny');
    const { api } = connect(fake);
    assert.deepEqual(await api.read({ source: 'web', destination: 'api' }), { action: 'deny', id: undefined });
    assert.equal(await api.read({ source: 'web', destination: 'db' }), undefined);
  });

  it('a legacy POST of an existing pair fails on 1.9+ with the config-entry text', async () => {
    fake.seed('web', 'db', 'allow');
    const res = await connect(fake).http.request('POST', '/v1/connect/intentions', { body: { SourceName: 'web', DestinationName: 'db', Action: 'allow' } });
    assert.deepEqual([res.status, res.body], [500, 'Sources[1] defines "web" more than once']);
  });
});
