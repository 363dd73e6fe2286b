import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProxyFlag } from '../../server/src/core/model/types';
import type { Range } from '../../server/src/core/types';
import { fixture, parseDoc } from '../helpers/documents';

/**
 * Every part of a job file the model promises to read, each with the source range it came from.
 * Fixtures: test/fixtures/model/connect-everything.nomad (native Connect, gateway, native app,
 * legacy task network) and proxy-flags.nomad (a manual proxy with every named flag).
 */

describe('job model: every Connect and task field, with ranges', async () => {
  const { model, lines } = await parseDoc(fixture('model/connect-everything.nomad'));
  const [job] = model.jobs;
  const [api, edge] = job.groups;
  const text = (r: Range | undefined) => r && lines.slice(r);

  it('reads job and group meta (block and map form) and the group count', () => {
    assert.deepEqual(job.meta.map((m) => [m.key, m.value?.value]), [['owner', 'team-a']]);
    assert.deepEqual(api.meta.map((m) => [m.key, m.value?.value]), [['tier', 'backend']]);
    assert.equal(text(api.meta[0].keyRange), 'tier');
    assert.equal(text(api.count?.value.range), '2');
  });

  it('reads the group network: mode, ports with `to` and `static`', () => {
    const [network] = api.networks;
    assert.equal(network.mode?.value, 'bridge');
    assert.deepEqual(network.ports.map((p) => [p.label, p.to?.value, p.static?.value]), [['http', 8080, undefined], ['metrics', undefined, 9102]]);
    assert.equal(text(network.ports[1].static?.attr.value.range), '9102');
    assert.equal(network.owner.kind, 'group');
  });

  it('reads a group service: name, port label, task, provider and its checks', () => {
    const [service] = api.services;
    assert.equal(service.level, 'group');
    assert.equal(service.name?.value, 'api');
    assert.equal(service.port?.label, 'http');
    assert.equal(service.task?.value, 'api');
    assert.equal(service.provider?.value, 'consul');
    assert.equal(text(service.provider?.attr.value.range), '"consul"');
    const [check] = service.checks;
    assert.deepEqual([check.type?.value, check.portLabel?.value, check.expose?.value], ['http', 'http', true]);
  });

  it('reads sidecar_service { port, proxy { local_service_*, upstreams, expose, config } } and sidecar_task', () => {
    const connect = api.services[0].connect!;
    const sidecar = connect.sidecarService!;
    assert.equal(sidecar.port?.value, 'sidecar');
    const proxy = sidecar.proxy!;
    assert.equal(proxy.localServicePort?.value, 8080);
    assert.equal(proxy.localServiceAddress?.value, '127.0.0.1');
    const [up] = proxy.upstreams;
    assert.deepEqual(
      [up.destinationName?.value, up.localBindPort?.value, up.localBindAddress?.value, up.datacenter?.value, up.meshGateway?.type],
      ['db', 5432, '127.0.0.2', 'dc2', 'mesh_gateway'],
    );
    assert.equal(text(up.destinationName?.attr.value.range), '"db"');
    assert.equal(up.service, api.services[0]);
    const [path] = proxy.expose!.paths;
    assert.deepEqual([path.path?.value, path.protocol?.value, path.localPathPort?.value, path.listenerPort?.value], ['/metrics', 'http', 9102, 'metrics']);
    assert.equal(proxy.config?.type, 'config');
    assert.equal(text(proxy.config?.typeRange), 'config');
    assert.equal(connect.sidecarTask?.type, 'sidecar_task');
    assert.equal(connect.gateway, undefined);
    assert.equal(connect.native, undefined);
  });

  it('reads a Connect gateway and a Connect native service', () => {
    const [ingress, native] = edge.services;
    assert.equal(ingress.port?.number, 8081);
    assert.equal(text(ingress.connect?.gateway?.typeRange), 'gateway');
    assert.equal(ingress.connect?.sidecarService, undefined);
    assert.equal(native.name?.value, 'app-native');
    assert.equal(text(native.connect?.native?.value.range), 'true');
  });

  it('reads a task: driver, config image/command/network_mode, args elements with ranges', () => {
    const app = edge.tasks[0];
    assert.equal(app.driver?.value, 'docker');
    assert.equal(app.config?.image?.value, 'example/app:2');
    assert.equal(app.config?.command?.value, '/bin/app');
    assert.equal(app.config?.networkMode?.value, 'host');
    // A non-string element (the number 7) is not an argument string.
    assert.deepEqual(app.config?.args?.items.map((a) => text(a.range)), ['"-port"', '"${NOMAD_PORT_web}"']);
    assert.equal(app.proxy, undefined);
  });

  it('reads env (map form), meta (block form), a task-level service and the legacy task network', () => {
    const app = edge.tasks[0];
    assert.deepEqual(app.env.map((e) => [e.key, e.value?.value]), [['APP_ENV', 'prod']]);
    assert.equal(app.envAttr?.name, 'env');
    assert.equal(app.envBlock, undefined);
    assert.deepEqual(app.meta.map((m) => [m.key, m.value?.value]), [['version', '2']]);
    const [service] = app.services;
    assert.equal(service.level, 'task');
    assert.equal(service.ownerTask, app);
    assert.deepEqual(service.checks.map((c) => [c.type?.value, c.portLabel?.value]), [['tcp', 'web']]);
    assert.equal(app.networks[0].owner.kind, 'task');
    assert.deepEqual(app.networks[0].ports.map((p) => [p.label, p.static?.value]), [['web', 8000]]);
    assert.equal(edge.services.length, 2, 'a task-level service is not a group service');
  });

  it('reads a template: data, destination, env; and its {{ env "…" }} names', () => {
    const [template] = api.tasks[0].templates;
    assert.equal(template.destination?.value, 'local/db.env');
    assert.equal(template.env, true);
    const inTemplate = model.interpolations.filter((i) => i.context === 'template');
    assert.deepEqual(inTemplate.map((i) => [i.kind, i.name, text(i.range)]), [['template-env', 'NOMAD_UPSTREAM_ADDR_db', 'NOMAD_UPSTREAM_ADDR_db']]);
    assert.equal(inTemplate[0].task, api.tasks[0]);
  });

  it('lists every interpolation in document order with its task and attribute', () => {
    assert.deepEqual(
      model.interpolations.map((i) => `${i.task?.name}:${i.attribute}:${i.name}`),
      ['api:args:NOMAD_UPSTREAM_ADDR_db', 'api:data:NOMAD_UPSTREAM_ADDR_db', 'app:args:NOMAD_PORT_web'],
    );
  });
});

describe('job model: every named flag of a manual `consul connect proxy`, with ranges', async () => {
  const { model, lines } = await parseDoc(fixture('model/proxy-flags.nomad'));
  const proxy = model.jobs[0].groups[0].tasks.find((t) => t.name === 'web-proxy')!.proxy!;
  const flag = (f: ProxyFlag | undefined) => f && [lines.slice(f.nameRange), f.value, f.valueRange && lines.slice(f.valueRange)];

  it('recognises a bare `consul` command', () => {
    assert.equal(lines.slice(proxy.consulRange), '"consul"');
  });

  it('-sidecar-for, -proxy-id (= form) and -register-id', () => {
    assert.deepEqual(flag(proxy.sidecarFor), ['-sidecar-for', 'web-1', 'web-1']);
    assert.deepEqual(flag(proxy.proxyId), ['-proxy-id', 'web-1-sidecar-proxy', 'web-1-sidecar-proxy']);
    assert.deepEqual(flag(proxy.registerId), ['-register-id', 'web-proxy-1', 'web-proxy-1']);
  });

  it('-service, -service-addr, -listen and the value-less -register', () => {
    assert.deepEqual(flag(proxy.service), ['-service', 'web', 'web']);
    assert.deepEqual(flag(proxy.serviceAddr), ['-service-addr', '127.0.0.1:${NOMAD_PORT_web_http}', '127.0.0.1:${NOMAD_PORT_web_http}']);
    assert.deepEqual(flag(proxy.listen), ['-listen', ':${NOMAD_PORT_proxy}', ':${NOMAD_PORT_proxy}']);
    assert.deepEqual(flag(proxy.register), ['-register', undefined, undefined]);
  });

  it('repeated -upstream, and other flags kept in order with their values', () => {
    assert.deepEqual(proxy.upstreams.map((u) => flag(u)), [['-upstream', 'db:9191', 'db:9191'], ['-upstream', 'cache:6379', 'cache:6379']]);
    assert.deepEqual(proxy.flags.map((f) => f.name), ['sidecar-for', 'proxy-id', 'register-id', 'service', 'service-addr', 'listen', 'register', 'log-level', 'upstream', 'upstream']);
    assert.equal(proxy.flags.find((f) => f.name === 'log-level')?.value, 'debug');
    assert.deepEqual(proxy.positional, []);
  });
});
