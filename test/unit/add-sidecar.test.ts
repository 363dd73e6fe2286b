import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { indentUnit } from '../../server/src/core/edit/indentation';
import { actionCases, actionsAt, describeFindings, findingsOf } from '../helpers/actionFixtures';
import { applyEdits, example } from '../helpers/documents';

const SIDECAR = /^Add Connect sidecar/;

describe('Add Connect sidecar: fixtures (before → title → after)', () => {
  const cases = actionCases('sidecar-');
  it('has fixtures for both styles', () => {
    assert.ok(cases.some((c) => c.name.startsWith('sidecar-manual-')));
    assert.ok(cases.some((c) => c.name.startsWith('sidecar-native-')));
  });
  for (const c of cases) {
    it(c.name, async () => {
      const { doc, items } = await actionsAt(c);
      const sidecar = items.filter((i) => SIDECAR.test(i.title));
      assert.deepEqual(sidecar.map((i) => i.title), [c.title]);
      assert.equal(sidecar[0].kind, 'refactor');
      const result = applyEdits(doc.text, sidecar[0].edits ?? []);
      assert.equal(result, c.after);
      const findings = await findingsOf(result, c.nomadVersion);
      assert.equal(describeFindings(findings), '', 'the result parses and our rules find nothing');
    });
  }
});

describe('Add Connect sidecar: where it is not offered', () => {
  const offered = async (text: string, sidecarStyle: 'auto' | 'manual' = 'auto') =>
    (await actionsAt({ before: text, sidecarStyle })).items.filter((i) => SIDECAR.test(i.title)).map((i) => i.title);

  it('not on a group that already runs a manual proxy (the seed jobs)', async () => {
    for (const name of ['seed-db.nomad', 'seed-web.nomad']) {
      const text = example(name).replace('task "web" {', 'task "web" {<|>').replace('task "db" {', 'task "db" {<|>');
      assert.deepEqual(await offered(text), [], name);
      assert.deepEqual(await offered(text, 'manual'), [], name);
    }
  });

  it('not on a service that already has a sidecar (the native examples)', async () => {
    const text = example('native/db.nomad.hcl').replace('service {', 'service {<|>');
    assert.deepEqual(await offered(text), []);
  });

  it('not when the group has several networks (no single right answer)', async () => {
    const text = 'job "j" {\n  group "g" {\n    network {}\n    network {}\n    task "t" {<|>\n      driver = "docker"\n    }\n  }\n}\n';
    assert.deepEqual(await offered(text), []);
  });

  it('not outside a group', async () => {
    const two = 'job "j" {<|>\n  group "g" {\n    task "a" {\n      driver = "docker"\n    }\n  }\n}\n';
    assert.deepEqual(await offered(two), []);
  });

  it('not on a group of several tasks that has Connect already: there, from inside the task', async () => {
    const text = example('native/web.nomad.hcl').replace('    task "web" {', '    task "worker" {\n      driver = "docker"\n    }\n\n    task "web" {');
    assert.deepEqual(await offered(text.replace('group "web" {', 'group "web" {<|>')), []);
    assert.deepEqual(await offered(text.replace('task "worker" {', 'task "worker" {<|>')), ['Add Connect sidecar for "worker"']);
  });
});

describe('Add Connect sidecar: a group of several tasks', () => {
  const two =
    'job "j" {\n  group "g" {\n    network {\n      port "http" {}\n    }\n\n    service {\n      name = "web"\n      port = "http"\n    }\n\n' +
    '    task "web" {\n      driver = "docker"\n\n      config {\n        image = "example/web:1"\n        ports = ["http"]\n      }\n    }\n\n' +
    '    task "worker" {\n      driver = "docker"\n\n      config {\n        image = "example/worker:1"\n      }\n    }\n  }\n}\n';
  const at = (anchor: string) => two.replace(anchor, `${anchor}<|>`);
  const sidecars = async (text: string) => (await actionsAt({ before: text })).items.filter((i) => SIDECAR.test(i.title));

  it('on the group, and on a service that names no task and no task\'s name: one action per task, the user picks', async () => {
    for (const text of [at('group "g" {'), at('name = "web"').replace('name = "web"', 'name = "front"')]) {
      assert.deepEqual((await sidecars(text)).map((i) => i.title), ['Add Connect sidecar for "web"', 'Add Connect sidecar for "worker"']);
    }
  });

  it('on a task, on a service naming its task, or on a service named after a task: that task only', async () => {
    assert.deepEqual((await sidecars(at('task "worker" {'))).map((i) => i.title), ['Add Connect sidecar for "worker"']);
    assert.deepEqual((await sidecars(at('name = "web"'))).map((i) => i.title), ['Add Connect sidecar for "web"']);
    const named = at('name = "web"').replace('name = "web"', 'name = "front"').replace('port = "http"', 'port = "http"\n      task = "web"');
    assert.deepEqual((await sidecars(named)).map((i) => i.title), ['Add Connect sidecar for "web"']);
  });

  it('from the group, the task or the service: the same edit, reusing the service named after the task, and clean', async () => {
    const edits = async (anchor: string) => (await sidecars(at(anchor))).find((i) => i.title === 'Add Connect sidecar for "web"')!.edits ?? [];
    const result = applyEdits(two, await edits('group "g" {'));
    assert.equal(applyEdits(two, await edits('task "web" {')), result);
    assert.equal(applyEdits(two, await edits('name = "web"')), result);
    assert.equal(result.match(/^ *service \{/gm)?.length, 1, 'no second service');
    assert.match(result, /name = "web"\n {6}port = "http"\n\n {6}connect \{\n {8}sidecar_service \{\}\n {6}\}/);
    assert.equal(describeFindings(await findingsOf(result)), '');
  });
});

describe('Add Connect sidecar: the style follows the platform, not the driver', () => {
  const titleFor = async (text: string, sidecarStyle: 'auto' | 'native' = 'auto') =>
    (await actionsAt({ before: text, sidecarStyle })).items.filter((i) => SIDECAR.test(i.title)).map((i) => i.title);
  const job = (driver: string, constraint = '') =>
    `job "j" {\n${constraint}  group "g" {\n    task "t" {<|>\n      driver = "${driver}"\n    }\n  }\n}\n`;
  const kernel = (operator: string, value: string) => `  constraint {\n    attribute = "\${attr.kernel.name}"\n    operator  = "${operator}"\n    value     = "${value}"\n  }\n`;

  it('exec and raw_exec tasks join the group network namespace on Linux: native, as for docker', async () => {
    for (const driver of ['docker', 'exec', 'raw_exec']) assert.deepEqual(await titleFor(job(driver)), ['Add Connect sidecar for "t"'], driver);
  });

  it('a job kept off Linux gets the manual proxy task, unless native is asked for', async () => {
    const manual = 'Add Connect sidecar for "t" (consul connect proxy task: bridge networking needs Linux)';
    assert.deepEqual(await titleFor(job('raw_exec', kernel('=', 'darwin'))), [manual]);
    assert.deepEqual(await titleFor(job('raw_exec', kernel('!=', 'linux'))), [manual]);
    assert.deepEqual(await titleFor(job('raw_exec', kernel('=', 'linux'))), ['Add Connect sidecar for "t"']);
    assert.deepEqual(await titleFor(job('raw_exec', kernel('=', 'windows')), 'native'), ['Add Connect sidecar for "t"']);
  });
});

describe('Add Connect sidecar: names and labels never collide', () => {
  it('manual style picks the next free task name and port labels', async () => {
    const before = [
      'job "j" {',
      '  group "g" {',
      '    task "app" {<|>',
      '      driver = "exec"',
      '',
      '      config {',
      '        command = "/bin/app"',
      '      }',
      '    }',
      '',
      '    task "connect-proxy" {',
      '      driver = "exec"',
      '',
      '      config {',
      '        command = "/bin/other"',
      '        args    = ["${NOMAD_PORT_proxy}", "${NOMAD_PORT_http}"]',
      '      }',
      '',
      '      resources {',
      '        network {',
      '          port "http" {}',
      '          port "proxy" {}',
      '        }',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const { doc, items } = await actionsAt({ before, sidecarStyle: 'manual' });
    const item = items.find((i) => SIDECAR.test(i.title));
    assert.ok(item);
    const after = applyEdits(doc.text, item.edits ?? []);
    assert.match(after, /task "connect-proxy-2" \{/);
    assert.match(after, /port "http_2" \{\}/);
    assert.match(after, /port "proxy_2" \{\}/);
    assert.match(after, /"-service-addr", "127\.0\.0\.1:\$\{NOMAD_PORT_app_http_2\}"/);
    assert.match(after, /"-listen", ":\$\{NOMAD_PORT_proxy_2\}"/);
    assert.equal(describeFindings(await findingsOf(after)), '');
  });

  it('native style names the service after the task, avoiding names the job already registers', async () => {
    const before = 'job "j" {\n  group "g" {\n    task "Web_App" {<|>\n      driver = "docker"\n\n      service {\n        name = "other"\n      }\n    }\n  }\n\n  group "h" {\n    service {\n      name = "web-app"\n    }\n  }\n}\n';
    const { doc, items } = await actionsAt({ before });
    const item = items.find((i) => SIDECAR.test(i.title));
    assert.ok(item);
    const after = applyEdits(doc.text, item.edits ?? []);
    // The task's own service moves to the group and keeps its name; without it the name would be web-app-2.
    assert.match(after, /    service \{\n      name = "other"\n      port = "http"\n\n      connect \{/);
    const without = before.replace('\n\n      service {\n        name = "other"\n      }', '');
    const second = await actionsAt({ before: without });
    const out = applyEdits(second.doc.text, second.items.find((i) => SIDECAR.test(i.title))!.edits ?? []);
    assert.match(out, /name = "web-app-2"/);
  });
});

describe('Add Connect sidecar: the app port', () => {
  const apply = async (before: string, sidecarStyle: 'native' | 'manual') => {
    const { doc, items } = await actionsAt({ before, sidecarStyle });
    const item = items.find((i) => SIDECAR.test(i.title));
    assert.ok(item, `offered; got ${JSON.stringify(items.map((i) => i.title))}`);
    return applyEdits(doc.text, item.edits ?? []);
  };

  it('a task that only dials a port another task serves is not taken for its server', async () => {
    const before = [
      'job "j" {',
      '  group "g" {',
      '    network {',
      '      port "http" {}',
      '    }',
      '',
      '    task "server" {',
      '      driver = "docker"',
      '',
      '      config {',
      '        image = "registry:2"',
      '        ports = ["http"]',
      '      }',
      '    }',
      '',
      '    task "preload" {<|>',
      '      driver = "raw_exec"',
      '',
      '      config {',
      '        command = "push"',
      '        args    = ["${NOMAD_ADDR_http}"]',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const after = await apply(before, 'manual');
    assert.match(after, /"-service-addr", "127\.0\.0\.1:\$\{NOMAD_PORT_preload_http_2\}"/);
    assert.match(after, /args    = \["\$\{NOMAD_ADDR_http\}"\]/, 'the server address it dials stays');
    assert.equal(describeFindings(await findingsOf(after)), '');
  });

  it('a service naming a label nothing declares gets that label in the group network', async () => {
    const before = 'job "j" {\n  group "g" {\n    task "exporter" {<|>\n      driver = "docker"\n\n      service {\n        name = "metrics"\n        port = "prometheus"\n      }\n    }\n  }\n}\n';
    const after = await apply(before, 'native');
    assert.match(after, /network \{\n      mode = "bridge"\n      port "prometheus" \{\}\n    \}/);
    assert.match(after, /port = "prometheus"/);
    assert.equal(describeFindings(await findingsOf(after)), '');
  });
});

describe('indentation unit of a file', () => {
  it('tabs, two spaces, four spaces, and two spaces when nothing is indented', () => {
    assert.equal(indentUnit('job "a" {\n\tgroup "b" {\n\t\tcount = 1\n\t}\n}\n'), '\t');
    assert.equal(indentUnit('job "a" {\n  group "b" {\n    count = 1\n  }\n}\n'), '  ');
    assert.equal(indentUnit('job "a" {\n    group "b" {\n        count = 1\n    }\n}\n'), '    ');
    assert.equal(indentUnit('job "a" {}\n'), '  ');
  });
});
