import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConsulError } from '../../client/src/consul/errors';
import { FakeConsul } from '../consul/fakeConsul';
import { connect, rejection } from '../consul/harness';

/** Reaching the agent: a closed port, TLS verification with and without the CA, client certificates. */

const TOKEN = 'f00dbabe-7777-4777-8777-transporttok';

/** A port that was just free: listen on 0, note the port, close. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('consul transport', () => {
  it('an unreachable address is named in the error, and the token is not', async () => {
    const port = await closedPort();
    const h = connect({ address: `127.0.0.1:${port}` }, { env: { CONSUL_HTTP_TOKEN: TOKEN } });
    const err = await rejection(h.api.apply({ source: 'web', destination: 'db' }, 'allow'));
    assert.ok(err instanceof ConsulError);
    assert.equal(err.kind, 'unreachable');
    assert.equal(err.message, `Consul is unreachable at http://127.0.0.1:${port} (connection refused). Check nomadConnect.consul.address or CONSUL_HTTP_ADDR.`);
    assert.deepEqual(h.logs.map((l) => l.replace(/\d+ ms/, 'N ms')), ['GET /v1/agent/self → failed: ECONNREFUSED (N ms)']);
  });

  it('redacts the token even when an answer echoes it', async () => {
    const echo = http.createServer((req, res) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`rejected token ${String(req.headers['x-consul-token'])}`);
    });
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = echo.address() as net.AddressInfo;
      const h = connect({ address: `http://127.0.0.1:${port}` }, { secretToken: TOKEN });
      const err = await rejection(h.http.json('GET', '/v1/catalog/services', { query: { filter: TOKEN } }));
      assert.equal(err.message, `Consul at http://127.0.0.1:${port} answered 500: rejected token [token]`);
      assert.deepEqual(h.logs.map((l) => l.replace(/\d+ ms/, 'N ms')), ['GET /v1/catalog/services?filter=[token] → 500 (N ms)']);
    } finally {
      echo.close();
    }
  });

  it('a unix:// address reaches the agent over its socket', async () => {
    const fake = await FakeConsul.start({ mode: 'modern' });
    const socket = path.join(mkdtempSync(path.join(tmpdir(), 'consul-unix-')), 'consul.sock');
    // The agent's HTTP API on a unix socket (addresses.http = "unix://…"), relayed to the fake.
    const relay = net.createServer((c) => c.pipe(net.connect(Number(new URL(fake.address).port), '127.0.0.1')).pipe(c));
    await new Promise<void>((r) => relay.listen(socket, () => r()));
    try {
      const h = connect({ address: `unix://${socket}` });
      assert.equal(h.config.address, `unix://${socket}`);
      const result = await h.api.apply({ source: 'web', destination: 'db' }, 'allow');
      assert.deepEqual([result.outcome, result.allowed], ['created', true]);
      assert.equal(fake.find('web', 'db')?.action, 'allow');
    } finally {
      relay.close();
      await fake.close();
    }
  });

  describe('over https', () => {
    let fake: FakeConsul;
    let caFile: string;
    before(async () => {
      fake = await FakeConsul.start({ mode: 'modern', https: true });
      const dir = mkdtempSync(path.join(tmpdir(), 'consul-tls-'));
      caFile = path.join(dir, 'ca.pem');
      writeFileSync(caFile, fake.caPem!);
    });
    after(() => fake.close());

    it('fails verification of a self-signed certificate without the CA, and says how to fix it', async () => {
      const h = connect(fake, { env: { CONSUL_HTTP_TOKEN: TOKEN } });
      assert.equal(h.config.scheme, 'https');
      const before = fake.all().length;
      const err = await rejection(h.api.apply({ source: 'web', destination: 'db' }, 'allow'));
      assert.ok(err instanceof ConsulError);
      assert.equal(err.kind, 'tls');
      assert.match(err.message, new RegExp(`^TLS failure talking to Consul at ${fake.address.replace(/\./g, '\\.')}: the agent presents a self-signed certificate`));
      assert.match(err.message, /CONSUL_CACERT/);
      assert.ok(!err.message.includes(TOKEN));
      assert.equal(fake.all().length, before);
    });

    it('succeeds with CONSUL_CACERT', async () => {
      const h = connect(fake, { env: { CONSUL_CACERT: caFile, CONSUL_HTTP_TOKEN: TOKEN } });
      const result = await h.api.apply({ source: 'web', destination: 'db' }, 'allow');
      assert.equal(result.allowed, true);
      assert.equal(fake.find('web', 'db')?.action, 'allow');
      for (const line of h.logs) assert.ok(!line.includes(TOKEN));
    });

    it('succeeds with the caFile setting', async () => {
      const h = connect(fake, { settings: { tls: { caFile } } });
      assert.equal(await h.api.check({ source: 'web', destination: 'db' }), true);
    });

    it('succeeds with CONSUL_HTTP_SSL_VERIFY=false', async () => {
      const h = connect(fake, { env: { CONSUL_HTTP_SSL_VERIFY: 'false' } });
      assert.equal(h.config.tls.verify, false);
      assert.equal(await h.api.check({ source: 'web', destination: 'db' }), true);
    });

    it('a wrong server name fails with a hint about CONSUL_TLS_SERVER_NAME', async () => {
      const h = connect(fake, { env: { CONSUL_CACERT: caFile, CONSUL_TLS_SERVER_NAME: 'other.example' } });
      const err = await rejection(h.api.check({ source: 'web', destination: 'db' }));
      assert.equal((err as ConsulError).kind, 'tls');
      assert.match(err.message, /does not name this host.*CONSUL_TLS_SERVER_NAME/);
    });

    it('plain http to the TLS port fails in plain words', async () => {
      const h = connect({ address: fake.address.replace('https://', 'http://') });
      const err = await rejection(h.api.check({ source: 'web', destination: 'db' }));
      assert.equal((err as ConsulError).kind, 'unreachable');
      assert.match(err.message, /connection was reset.*https:\/\//);
    });

    it('CONSUL_HTTP_SSL=true turns a bare host:port into https', async () => {
      const hostPort = fake.address.replace('https://', '');
      const h = connect({ address: hostPort }, { env: { CONSUL_HTTP_SSL: 'true', CONSUL_CACERT: caFile } });
      assert.equal(h.config.address, fake.address);
      assert.equal(await h.api.check({ source: 'web', destination: 'db' }), true);
    });
  });

  describe('with client certificates', () => {
    let fake: FakeConsul;
    let files: Record<'ca' | 'cert' | 'key', string>;
    before(async () => {
      fake = await FakeConsul.start({ mode: 'modern', requireClientCert: true });
      const dir = mkdtempSync(path.join(tmpdir(), 'consul-mtls-'));
      files = { ca: path.join(dir, 'ca.pem'), cert: path.join(dir, 'client.pem'), key: path.join(dir, 'client-key.pem') };
      writeFileSync(files.ca, fake.caPem!);
      writeFileSync(files.cert, fake.clientCertPem!);
      writeFileSync(files.key, fake.clientKeyPem!);
    });
    after(() => fake.close());

    it('presents CONSUL_CLIENT_CERT / CONSUL_CLIENT_KEY', async () => {
      const h = connect(fake, { env: { CONSUL_CACERT: files.ca, CONSUL_CLIENT_CERT: files.cert, CONSUL_CLIENT_KEY: files.key } });
      const result = await h.api.apply({ source: 'web', destination: 'api' }, 'allow');
      assert.equal(result.outcome, 'created');
    });

    it('without a client certificate the handshake fails and nothing is written', async () => {
      const h = connect(fake, { env: { CONSUL_CACERT: files.ca } });
      const err = await rejection(h.api.apply({ source: 'web', destination: 'db' }, 'allow'));
      assert.ok(err instanceof ConsulError);
      assert.equal(err.kind, 'tls');
      assert.match(err.message, /did not accept a client certificate.*CONSUL_CLIENT_CERT/);
      assert.equal(fake.find('web', 'db'), undefined);
    });
  });
});
