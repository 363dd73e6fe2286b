import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { example, parseDoc } from '../helpers/documents';

/** The job model, built from tree-sitter, on the seed page's two jobs and a native Connect job. */

describe('job model: seed db job (manual proxy, task-level ports)', async () => {
  const { model, lines } = await parseDoc(example('seed-db.nomad'));
  const job = model.jobs[0];
  const group = job.groups[0];
  const [db, proxyTask] = group.tasks;

  it('has job > group > tasks with names and ranges', () => {
    assert.equal(job.name, 'db');
    assert.equal(group.name, 'db');
    assert.deepEqual(group.tasks.map((t) => t.name), ['db', 'connect-proxy']);
    assert.equal(lines.slice(proxyTask.nameRange), '"connect-proxy"');
  });

  it('reads driver, command and args with each element range', () => {
    assert.equal(db.driver?.value, 'raw_exec');
    assert.equal(db.config?.command?.value, '/usr/local/bin/my-database');
    const args = db.config!.args!.items;
    assert.deepEqual(args.map((a) => a.value), ['-bind', '127.0.0.1:${NOMAD_PORT_tcp}']);
    assert.equal(lines.slice(args[1].range), '"127.0.0.1:${NOMAD_PORT_tcp}"');
  });

  it('reads legacy task-level resources { network { port } }', () => {
    assert.equal(db.networks.length, 1);
    assert.equal(db.networks[0].owner.kind, 'task');
    assert.deepEqual(db.networks[0].ports.map((p) => p.label), ['tcp']);
    assert.equal(lines.slice(db.networks[0].ports[0].labelRange), '"tcp"');
  });

  it('parses the consul connect proxy flags with value ranges', () => {
    const p = proxyTask.proxy!;
    assert.ok(p, 'connect-proxy task is recognised as a manual proxy');
    assert.equal(p.service?.value, 'db');
    assert.equal(p.serviceAddr?.value, '${NOMAD_ADDR_db_tcp}');
    assert.equal(lines.slice(p.serviceAddr!.valueRange!), '${NOMAD_ADDR_db_tcp}');
    assert.equal(p.listen?.value, ':${NOMAD_PORT_tcp}');
    assert.ok(p.register);
    assert.equal(p.register.value, undefined);
    assert.equal(p.upstreams.length, 0);
    assert.equal(db.proxy, undefined);
  });

  it('lists interpolations with task and context', () => {
    const names = model.interpolations.map((i) => `${i.task?.name}:${i.context}:${i.name}`);
    assert.deepEqual(names, ['db:config:NOMAD_PORT_tcp', 'connect-proxy:config:NOMAD_ADDR_db_tcp', 'connect-proxy:config:NOMAD_PORT_tcp']);
    assert.equal(lines.slice(model.interpolations[1].range), 'NOMAD_ADDR_db_tcp');
    assert.equal(lines.slice(model.interpolations[1].outerRange), '${NOMAD_ADDR_db_tcp}');
  });
});

describe('job model: seed web job (upstream side)', async () => {
  const { model, lines } = await parseDoc(example('seed-web.nomad'));
  const [web, proxyTask] = model.jobs[0].groups[0].tasks;

  it('reads env block entries and the env interpolation', () => {
    assert.deepEqual(web.env.map((e) => e.key), ['DATABASE_URL']);
    const i = model.interpolations.find((x) => x.task === web)!;
    assert.equal(i.name, 'NOMAD_ADDR_proxy_tcp');
    assert.equal(i.context, 'env');
  });

  it('parses repeated -upstream flags', () => {
    const p = proxyTask.proxy!;
    assert.equal(p.service?.value, 'web');
    assert.deepEqual(p.upstreams.map((u) => u.value), ['db:${NOMAD_PORT_tcp}']);
    assert.equal(lines.slice(p.upstreams[0].valueRange!), 'db:${NOMAD_PORT_tcp}');
    assert.equal(p.listen, undefined);
  });
});

describe('job model: native Connect', async () => {
  const { model, lines } = await parseDoc(example('native/api.nomad.hcl'));
  const group = model.jobs[0].groups[0];

  it('reads group network mode, ports and count', () => {
    assert.equal(group.networks[0].mode?.value, 'bridge');
    assert.equal(group.networks[0].ports[0].label, 'http');
    assert.equal(group.networks[0].ports[0].to?.value, 9001);
    assert.equal(group.count?.value.kind, 'number');
  });

  it('reads the service, its sidecar and upstreams', () => {
    const service = group.services[0];
    assert.equal(service.level, 'group');
    assert.equal(service.name?.value, 'api');
    assert.equal(service.port?.number, 9001);
    const upstreams = service.connect!.sidecarService!.proxy!.upstreams;
    assert.equal(upstreams[0].destinationName?.value, 'db');
    assert.equal(upstreams[0].localBindPort?.value, 5432);
    assert.equal(lines.slice(upstreams[0].localBindPort!.attr.value.range), '5432');
  });

  it('finds NOMAD_UPSTREAM interpolations in env', () => {
    const i = model.interpolations.find((x) => x.name.startsWith('NOMAD_UPSTREAM'))!;
    assert.equal(i.name, 'NOMAD_UPSTREAM_ADDR_db');
    assert.equal(i.task?.name, 'api');
    assert.equal(i.context, 'env');
  });
});

describe('job model: other forms', () => {
  it('reads env and meta in map form, templates with {{ env }}, heredocs and HCL2 variables', async () => {
    const text = [
      'variable "image" { default = "redis" }',
      'locals { port = 6379 }',
      'job "cache" {',
      '  group "cache" {',
      '    task "redis" {',
      '      driver = "docker"',
      '      config { image = var.image }',
      '      env = { "REDIS-HOST" = "${NOMAD_IP_db}", PORT = "${NOMAD_PORT_db}" }',
      '      meta = { team = "core" }',
      '      template {',
      '        data = <<-EOF',
      '          addr={{ env "NOMAD_ADDR_db" }} ${NOMAD_ALLOC_ID}',
      '          EOF',
      '        destination = "local/app.env"',
      '        env = true',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const { model, lines } = await parseDoc(text);
    assert.deepEqual(model.variables.map((v) => v.name), ['image']);
    assert.deepEqual(model.locals.map((l) => l.name), ['port']);
    const task = model.jobs[0].groups[0].tasks[0];
    assert.deepEqual(task.env.map((e) => e.key), ['REDIS-HOST', 'PORT']);
    assert.deepEqual(task.meta.map((e) => e.key), ['team']);
    assert.equal(task.config?.image?.value, 'var.image');
    assert.equal(task.templates[0].env, true);
    assert.match(task.templates[0].data!.value, /addr=\{\{ env "NOMAD_ADDR_db" \}\}/);
    const byName = model.interpolations.map((i) => `${i.kind}:${i.context}:${i.name}`);
    assert.deepEqual(byName, [
      'interpolation:env:NOMAD_IP_db',
      'interpolation:env:NOMAD_PORT_db',
      'template-env:template:NOMAD_ADDR_db',
      'interpolation:template:NOMAD_ALLOC_ID',
    ]);
    const tmplEnv = model.interpolations[2];
    assert.equal(lines.slice(tmplEnv.range), 'NOMAD_ADDR_db');
    assert.equal(lines.slice(tmplEnv.outerRange), '"NOMAD_ADDR_db"');
  });

  it('recognises a consul docker image as a manual proxy and --flag=value forms', async () => {
    const text = [
      'job "x" {',
      '  group "g" {',
      '    task "proxy" {',
      '      driver = "docker"',
      '      config {',
      '        image = "hashicorp/consul:1.15"',
      '        args  = ["connect", "proxy", "--service=web", "-upstream", "db:9191", "-upstream=cache:6379", "extra"]',
      '      }',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const { model, lines } = await parseDoc(text);
    const p = model.jobs[0].groups[0].tasks[0].proxy!;
    assert.equal(p.service?.value, 'web');
    assert.equal(lines.slice(p.service!.valueRange!), 'web');
    assert.equal(lines.slice(p.service!.nameRange), '--service');
    assert.deepEqual(p.upstreams.map((u) => u.value), ['db:9191', 'cache:6379']);
    assert.deepEqual(p.positional.map((x) => x.value), ['extra']);
  });
});
