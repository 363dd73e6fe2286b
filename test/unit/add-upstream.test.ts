import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ADD_UPSTREAM_COMMAND, computeUpstreamEdit, upstreamTarget } from '../../server/src/core/features/actions/addUpstream';
import { appTaskFor, envEntryEdits } from '../../server/src/core/features/actions/envEntry';
import { freePort } from '../../server/src/core/model/queries';
import { locate } from '../../server/src/core/features/actions/locate';
import { analyze } from '../../server/src/core/analyze';
import type { Finding } from '../../server/src/core/types';
import { actionCases, actionsAt, findingsOf } from '../helpers/actionFixtures';
import { applyEdits, example, parseDoc, parseWithCursor } from '../helpers/documents';

/** Findings as code + message, positions dropped: edits shift lines, the findings must not change. */
const summary = (fs: Finding[]) => fs.map((f) => `${f.code} ${f.message}`).sort();

describe('Add upstream: fixtures (before → title → destination → after)', () => {
  const cases = actionCases('upstream-');
  it('has command and quick-fix fixtures for both styles', () => {
    assert.ok(cases.some((c) => c.destination && c.name.includes('native')));
    assert.ok(cases.some((c) => c.destination && c.name.includes('manual')));
    assert.ok(cases.some((c) => !c.destination && c.name.includes('native')));
    assert.ok(cases.some((c) => !c.destination && c.name.includes('manual')));
  });
  for (const c of cases) {
    it(c.name, async () => {
      const { doc, position, items } = await actionsAt(c);
      const item = items.find((i) => i.title === c.title);
      assert.ok(item, `offers "${c.title}"; got ${JSON.stringify(items.map((i) => i.title))}`);
      let edits = item.edits ?? [];
      if (c.destination) {
        // The code action defers to the client command, which picks the destination and asks the server.
        assert.equal(item.kind, 'refactor');
        assert.equal(item.command?.command, ADD_UPSTREAM_COMMAND);
        assert.deepEqual(item.command?.arguments, [{ uri: doc.uri, position, exclude: c.exclude }]);
        const target = upstreamTarget(doc.model, position);
        assert.ok(target);
        const edit = computeUpstreamEdit(doc, target, c.destination);
        assert.ok(!('error' in edit), 'error' in edit ? edit.error : '');
        edits = edit.edits;
      } else {
        assert.equal(item.kind, 'quickfix');
      }
      const result = applyEdits(doc.text, edits);
      assert.equal(result, c.after);
      const before = summary(analyze(doc, { nomadVersion: c.nomadVersion }));
      const after = summary(await findingsOf(result, c.nomadVersion));
      for (const f of after) assert.ok(before.includes(f), `adds no finding: ${f}`);
      if (!c.destination) {
        const variable = `NOMAD_UPSTREAM_ADDR_${c.title.replace('Add upstream ', '')}`;
        assert.ok(before.some((f) => f.includes(variable)), `NCX-N11 reports ${variable} before the fix`);
        assert.deepEqual(after.filter((f) => f.includes(variable)), [], `and not after it`);
      }
    });
  }
});

describe('Add upstream: choices and refusals', () => {
  it('is offered in a sidecar service and on a manual proxy task, not elsewhere', async () => {
    const titles = async (text: string) => (await actionsAt({ before: text })).items.map((i) => i.title).filter((t) => t.startsWith('Add upstream'));
    assert.deepEqual(await titles(example('native/web.nomad.hcl').replace('connect {', 'connect {<|>')), ['Add upstream…']);
    assert.deepEqual(await titles(example('native/web.nomad.hcl').replace('task "web" {', 'task "web" {<|>')), []);
    assert.deepEqual(await titles(example('seed-web.nomad').replace('task "proxy" {', 'task "proxy" {<|>')), ['Add upstream…']);
    assert.deepEqual(await titles(example('seed-web.nomad').replace('task "web" {', 'task "web" {<|>')), []);
  });

  it('refuses a destination already declared, and one that is not a service name', async () => {
    const { doc, position } = await parseWithCursor(example('native/api.nomad.hcl').replace('service {', 'service {<|>'));
    const target = upstreamTarget(doc.model, position)!;
    assert.match((computeUpstreamEdit(doc, target, 'db') as { error: string }).error, /already declared/);
    assert.match((computeUpstreamEdit(doc, target, 'two words') as { error: string }).error, /not a service name/);
  });

  it('picks a port no upstream, port, static or service port of the group uses', async () => {
    const doc = await parseDoc(example('native/web.nomad.hcl').replace('local_bind_port  = 9001', 'local_bind_port  = 8081'));
    // 8080 is the static/to port, 8081 the existing upstream.
    assert.equal(freePort(doc.model.jobs[0].groups[0]), 8082);
  });

  it('wires the app: a new env entry, aligned with the block, or a replaced value', async () => {
    const { doc, position } = await parseWithCursor(example('native/web.nomad.hcl').replace('service {', 'service {<|>'));
    const target = upstreamTarget(doc.model, position)!;
    const task = appTaskFor(target, locate(doc.model, position)?.task)!;
    assert.equal(task.name, 'web');
    const added = applyEdits(doc.text, envEntryEdits(doc, task, 'CACHE', '${NOMAD_UPSTREAM_ADDR_cache}'));
    assert.match(added, /\n {8}LISTEN {3}= "0\.0\.0\.0:\$\{NOMAD_PORT_http\}"\n {8}CACHE {4}= "\$\{NOMAD_UPSTREAM_ADDR_cache\}"\n {6}\}/);
    const replaced = applyEdits(doc.text, envEntryEdits(doc, task, 'API_ADDR', '${NOMAD_UPSTREAM_ADDR_api}'));
    assert.match(replaced, /API_ADDR = "\$\{NOMAD_UPSTREAM_ADDR_api\}"/);
  });

  it('wires the app: an env block when the task has none', async () => {
    const { doc, position } = await parseWithCursor(example('seed-db.nomad').replace('"-register",', '"-register",<|>'));
    const target = upstreamTarget(doc.model, position)!;
    const task = appTaskFor(target)!;
    assert.equal(task.name, 'db');
    const out = applyEdits(doc.text, envEntryEdits(doc, task, 'AUTH_ADDR', '127.0.0.1:8080'));
    assert.match(out, /\n {12}env \{\n {16}AUTH_ADDR = "127\.0\.0\.1:8080"\n {12}\}\n {8}\}\n\n {8}task "connect-proxy"/);
    assert.equal((await parseDoc(out)).model.jobs[0].groups[0].tasks[0].env[0].key, 'AUTH_ADDR');
  });

  it('the quick fix is not offered when the upstream is declared', async () => {
    const { items } = await actionsAt({ before: example('native/api.nomad.hcl').replace('${NOMAD_UPSTREAM_ADDR_db}', '${NOMAD_UPSTREAM_<|>ADDR_db}') });
    assert.deepEqual(items.filter((i) => i.kind === 'quickfix'), []);
  });
});
