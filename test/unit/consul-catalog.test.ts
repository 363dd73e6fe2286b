import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listServices } from '../../client/src/consul/catalog';
import { ConsulError } from '../../client/src/consul/errors';
import { setConsulProvider } from '../../client/src/consul/session';
import { FakeConsul } from '../consul/fakeConsul';
import { connect, rejection } from '../consul/harness';

/** The catalog listing that feeds the source/destination pickers (and "Add upstream"). */

describe('consul catalog', () => {
  let fake: FakeConsul;
  before(async () => {
    fake = await FakeConsul.start({ mode: 'modern', services: { web: [], 'web-sidecar-proxy': [], db: ['primary'], api: [], consul: [] } });
  });
  after(() => fake.close());

  it('lists service names sorted, without sidecar proxies', async () => {
    assert.deepEqual(await listServices(connect(fake).http), ['api', 'consul', 'db', 'web']);
    const r = fake.requests.at(-1)!;
    assert.deepEqual([r.method, r.path], ['GET', '/v1/catalog/services']);
  });

  it('uses the installed provider when called without a client, with ns/partition', async () => {
    const h = connect(fake, { settings: { namespace: 'team-a' } });
    const registration = setConsulProvider(async () => h.http);
    try {
      assert.deepEqual(await listServices(), ['api', 'consul', 'db', 'web']);
      assert.deepEqual(fake.requests.at(-1)!.query, { ns: 'team-a' });
    } finally {
      registration.dispose();
    }
    const err = await rejection(listServices());
    assert.ok(err instanceof ConsulError && err.kind === 'config', err.message);
  });

  it('with ACLs, shows only what the token may read', async () => {
    const acl = await FakeConsul.start({ mode: 'acl', tokens: { 'cat-secret': { serviceRead: ['d*'] } } });
    try {
      assert.deepEqual(await listServices(connect(acl, { secretToken: 'cat-secret' }).http), ['db']);
    } finally {
      await acl.close();
    }
  });
});
