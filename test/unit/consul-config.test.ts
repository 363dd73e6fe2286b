import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAddress, parseBool, resolveConsulConfig } from '../../client/src/consul/config';
import { ConsulError } from '../../client/src/consul/errors';
import { parseIntentionName } from '../../client/src/consul/names';

/** Configuration the Consul CLI way: setting → environment → default. */

const files: Record<string, string> = { '/t/token': '  tok-from-file \n', '/t/empty': '\n', '/t/ca.pem': 'CA', '/t/c.pem': 'CERT', '/t/k.pem': 'KEY' };
const readFile = (f: string) => {
  if (!(f in files)) throw Object.assign(new Error(`ENOENT: ${f}`), { code: 'ENOENT' });
  return files[f];
};

describe('consul configuration', () => {
  it('address: setting, then CONSUL_HTTP_ADDR, then 127.0.0.1:8500', () => {
    assert.equal(resolveConsulConfig({ env: {}, readFile }).address, 'http://127.0.0.1:8500');
    assert.equal(resolveConsulConfig({ env: { CONSUL_HTTP_ADDR: '10.0.0.5:8500' }, readFile }).address, 'http://10.0.0.5:8500');
    assert.equal(
      resolveConsulConfig({ settings: { address: 'https://consul.example:8501' }, env: { CONSUL_HTTP_ADDR: '10.0.0.5:8500' }, readFile }).address,
      'https://consul.example:8501',
    );
    assert.equal(resolveConsulConfig({ settings: { address: '  ' }, env: { CONSUL_HTTP_ADDR: 'x:1' }, readFile }).address, 'http://x:1');
  });

  it('https by scheme or CONSUL_HTTP_SSL; an explicit http:// does not turn TLS off', () => {
    assert.deepEqual(parseAddress('consul:8501', true), { address: 'https://consul:8501', scheme: 'https', host: 'consul', port: 8501 });
    assert.equal(parseAddress('http://consul:8501', true).scheme, 'https');
    assert.equal(parseAddress('https://consul', false).port, 443);
    assert.equal(parseAddress('http://[::1]:8500/', false).host, '::1');
    assert.deepEqual(parseAddress('unix:///run/consul.sock', false), { address: 'unix:///run/consul.sock', scheme: 'http', host: 'localhost', port: 80, socketPath: '/run/consul.sock' });
    assert.throws(() => parseAddress('ftp://consul', false), (e: unknown) => e instanceof ConsulError && e.kind === 'config' && /unknown scheme/.test(e.message));
    assert.equal(resolveConsulConfig({ env: { CONSUL_HTTP_SSL: '1' }, readFile }).address, 'https://127.0.0.1:8500');
    assert.equal(resolveConsulConfig({ env: { CONSUL_HTTP_SSL: 'nonsense' }, readFile }).scheme, 'http');
  });

  it('parses booleans like Go', () => {
    assert.deepEqual(['1', 'T', 'true', 'TRUE', '0', 'f', 'False', 'yes', undefined].map(parseBool), [true, true, true, true, false, false, false, undefined, undefined]);
  });

  it('token: secret storage, then CONSUL_HTTP_TOKEN_FILE, then CONSUL_HTTP_TOKEN', () => {
    const env = { CONSUL_HTTP_TOKEN_FILE: '/t/token', CONSUL_HTTP_TOKEN: 'tok-from-env' };
    assert.deepEqual(pick(resolveConsulConfig({ secretToken: 'tok-secret', env, readFile })), ['tok-secret', 'secret storage']);
    assert.deepEqual(pick(resolveConsulConfig({ env, readFile })), ['tok-from-file', 'CONSUL_HTTP_TOKEN_FILE']);
    assert.deepEqual(pick(resolveConsulConfig({ env: { CONSUL_HTTP_TOKEN: 'tok-from-env' }, readFile })), ['tok-from-env', 'CONSUL_HTTP_TOKEN']);
    assert.deepEqual(pick(resolveConsulConfig({ env: { CONSUL_HTTP_TOKEN_FILE: '/t/empty', CONSUL_HTTP_TOKEN: 'tok-from-env' }, readFile })), ['tok-from-env', 'CONSUL_HTTP_TOKEN']);
    assert.deepEqual(pick(resolveConsulConfig({ secretToken: '', env: {}, readFile })), [undefined, 'none']);
  });

  it('an unreadable token file is an error naming the file, not the token', () => {
    assert.throws(
      () => resolveConsulConfig({ env: { CONSUL_HTTP_TOKEN_FILE: '/t/missing' }, readFile }),
      (e: unknown) => e instanceof ConsulError && e.kind === 'config' && e.message === 'Cannot read the Consul token file (CONSUL_HTTP_TOKEN_FILE) "/t/missing" (ENOENT).',
    );
  });

  it('TLS: settings win over CONSUL_CACERT, CONSUL_CLIENT_CERT, CONSUL_CLIENT_KEY, CONSUL_TLS_SERVER_NAME, CONSUL_HTTP_SSL_VERIFY', () => {
    const env = { CONSUL_CACERT: '/t/ca.pem', CONSUL_CLIENT_CERT: '/t/c.pem', CONSUL_CLIENT_KEY: '/t/k.pem', CONSUL_TLS_SERVER_NAME: 'env.name', CONSUL_HTTP_SSL_VERIFY: 'false' };
    assert.deepEqual(resolveConsulConfig({ env, readFile }).tls, { ca: ['CA'], cert: 'CERT', key: 'KEY', serverName: 'env.name', verify: false });
    const settings = { tls: { caFile: '/t/c.pem', serverName: 'set.name', verify: true } };
    assert.deepEqual(resolveConsulConfig({ settings, env, readFile }).tls, { ca: ['CERT'], cert: 'CERT', key: 'KEY', serverName: 'set.name', verify: true });
    assert.equal(resolveConsulConfig({ env: {}, readFile }).tls.verify, true);
  });

  it('CONSUL_CAPATH loads every .pem/.crt in the directory', () => {
    const listDir = () => ['a.pem', 'b.crt', 'notes.txt'];
    const read = (f: string) => `<${f}>`;
    assert.deepEqual(resolveConsulConfig({ env: { CONSUL_CAPATH: '/cas' }, readFile: read, listDir }).tls.ca, ['</cas/a.pem>', '</cas/b.crt>']);
  });

  it('namespace and partition: settings, then CONSUL_NAMESPACE / CONSUL_PARTITION', () => {
    const env = { CONSUL_NAMESPACE: 'env-ns', CONSUL_PARTITION: 'env-part' };
    const a = resolveConsulConfig({ env, readFile });
    assert.deepEqual([a.namespace, a.partition], ['env-ns', 'env-part']);
    const b = resolveConsulConfig({ settings: { namespace: 'set-ns', partition: 'set-part' }, env, readFile });
    assert.deepEqual([b.namespace, b.partition], ['set-ns', 'set-part']);
  });

  it('intention names: name, ns/name, partition/ns/name, whole-name wildcards', () => {
    assert.deepEqual(parseIntentionName('web', 'source'), { partition: undefined, namespace: undefined, name: 'web' });
    assert.deepEqual(parseIntentionName('ops/web', 'source'), { partition: undefined, namespace: 'ops', name: 'web' });
    assert.deepEqual(parseIntentionName('p1/ops/web', 'source'), { partition: 'p1', namespace: 'ops', name: 'web' });
    assert.deepEqual(parseIntentionName('*', 'destination'), { partition: undefined, namespace: undefined, name: '*' });
    assert.deepEqual(parseIntentionName('*/*', 'destination'), { partition: undefined, namespace: '*', name: '*' });
    for (const bad of ['web*', 'w*b', '*/web', 'a//b', '/web', 'a/b/c/d', 'my web', '']) {
      assert.throws(() => parseIntentionName(bad, 'destination'), (e: unknown) => e instanceof ConsulError && e.kind === 'bad-name', bad);
    }
  });
});

function pick(c: { token?: string; tokenSource: string }): [string | undefined, string] {
  return [c.token, c.tokenSource];
}
