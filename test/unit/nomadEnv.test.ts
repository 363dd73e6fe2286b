import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogFor } from '../../server/src/core/nomadEnv/catalog';
import { cleanEnvVar, finalKey } from '../../server/src/core/nomadEnv/sanitize';
import { parseVersion } from '../../server/src/core/version';
import { example, fixture, parseDoc } from '../helpers/documents';

/** Nomad's name sanitizing (domain.md §B.2) and the catalog of what a task sees (§B.1, §C.1). */

describe('sanitizing runtime variable names', () => {
  it('keeps letters, `_`, `.` and non-leading digits; replaces the rest per UTF-8 byte', () => {
    assert.equal(cleanEnvVar('NOMAD_PORT_http-api'), 'NOMAD_PORT_http_api');
    assert.equal(cleanEnvVar('NOMAD_META_a.b'), 'NOMAD_META_a.b');
    assert.equal(cleanEnvVar('9lives'), '_lives');
    assert.equal(cleanEnvVar('x é'), 'x___');
  });

  it('cleans only some prefixes from 0.10, every key before', () => {
    const v10 = parseVersion('0.10')!;
    const v09 = parseVersion('0.9')!;
    assert.equal(finalKey('NOMAD_PORT_a-b', v10), 'NOMAD_PORT_a_b');
    assert.equal(finalKey('NOMAD_HOST_PORT_a-b', v10), 'NOMAD_HOST_PORT_a_b');
    assert.equal(finalKey('NOMAD_HOST_ADDR_a-b', v10), 'NOMAD_HOST_ADDR_a-b');
    assert.equal(finalKey('NOMAD_ALLOC_PORT_a-b', v10), 'NOMAD_ALLOC_PORT_a-b');
    assert.equal(finalKey('NOMAD_UPSTREAM_ADDR_a-b', v10), 'NOMAD_UPSTREAM_ADDR_a-b');
    assert.equal(finalKey('NOMAD_ADDR_a-b', v09), 'NOMAD_ADDR_a_b');
    assert.equal(finalKey('NOMAD_UPSTREAM_ADDR_a-b', v09), 'NOMAD_UPSTREAM_ADDR_a_b');
  });
});

describe('catalog of a task', () => {
  it('seed db: own task ports, then the other task ports with both names cleaned', async () => {
    const { model } = await parseDoc(example('seed-db.nomad'));
    const group = model.jobs[0].groups[0];
    const db = catalogFor({ group, task: group.tasks[0] }, parseVersion('0.8')!);
    const ports = db.vars.filter((v) => v.port).map((v) => `${v.raw}→${v.key}`);
    assert.deepEqual(ports, [
      'NOMAD_ADDR_tcp→NOMAD_ADDR_tcp',
      'NOMAD_PORT_tcp→NOMAD_PORT_tcp',
      'NOMAD_IP_tcp→NOMAD_IP_tcp',
      'NOMAD_HOST_PORT_tcp→NOMAD_HOST_PORT_tcp',
      'NOMAD_ADDR_connect-proxy_tcp→NOMAD_ADDR_connect_proxy_tcp',
      'NOMAD_PORT_connect-proxy_tcp→NOMAD_PORT_connect_proxy_tcp',
      'NOMAD_IP_connect-proxy_tcp→NOMAD_IP_connect_proxy_tcp',
    ]);
  });

  it('native: the injected sidecar port, upstreams under both spellings, Envoy variables only in sidecar_task', async () => {
    const { model } = await parseDoc(fixture('interpolation/completion/native-env.nomad').replace('<|>', ''));
    const group = model.jobs[0].groups[0];
    const v = parseVersion('2.0')!;
    const task = catalogFor({ group, task: group.tasks[0] }, v);
    assert.ok(task.named('NOMAD_HOST_PORT_connect_proxy_web').length > 0);
    assert.ok(task.named('NOMAD_UPSTREAM_PORT_count-api').length > 0 && task.named('NOMAD_UPSTREAM_PORT_count_api').length > 0);
    assert.equal(task.named('NOMAD_ENVOY_ADMIN_ADDR_web').length, 0);
    const sidecar = catalogFor({ group, sidecarOf: group.services[0] }, v);
    assert.ok(sidecar.named('NOMAD_ENVOY_ADMIN_ADDR_web').length > 0 && sidecar.named('NOMAD_ENVOY_READY_ADDR_web').length > 0);
    assert.equal(catalogFor({ group, sidecarOf: group.services[0] }, parseVersion('1.0')!).named('NOMAD_ENVOY_READY_ADDR_web').length > 0, false);
  });

  it('is built once per group, task and version', async () => {
    const { model } = await parseDoc(example('seed-web.nomad'));
    const group = model.jobs[0].groups[0];
    const v = parseVersion('2.0')!;
    assert.equal(catalogFor({ group, task: group.tasks[0] }, v), catalogFor({ group, task: group.tasks[0] }, v));
    assert.notEqual(catalogFor({ group, task: group.tasks[0] }, v), catalogFor({ group, task: group.tasks[1] }, v));
  });
});
