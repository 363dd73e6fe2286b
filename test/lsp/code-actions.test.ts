import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { type ActionCase, actionCases } from '../helpers/actionFixtures';
import { applyEdits, withCursor } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/** Code actions and the Add upstream requests over the spawned server, as an editor drives them. */

const byName = (prefix: string, name: string): ActionCase => {
  const c = actionCases(prefix).find((x) => x.name === name);
  if (!c) throw new Error(`fixture ${name} is missing`);
  return c;
};

async function codeActions(client: LspTestClient, uri: string, marked: string, version = 1) {
  const { text, position } = withCursor(marked);
  await client.open(uri, text, version);
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  });
  return { text, position, actions };
}

describe('code actions over stdio (default settings: native style)', () => {
  let client: LspTestClient;
  let root: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'nomad-connect-ws-'));
    writeFileSync(path.join(root, 'cache.nomad'), 'job "cache" {\n  group "cache" {\n    service {\n      name = "redis-cache"\n    }\n  }\n}\n');
    writeFileSync(path.join(root, 'notes.hcl'), 'variable "x" {}\n');
    client = new LspTestClient();
    await client.initialize(pathToFileURL(root).href);
  });
  after(async () => {
    await client.shutdown();
    rmSync(root, { recursive: true, force: true });
  });

  it('Add Connect sidecar: the title is offered and its edit gives the expected text', async () => {
    const c = byName('sidecar-', 'sidecar-native-seed-db');
    const uri = 'file:///jobs/sidecar-db.nomad';
    const { text, actions } = await codeActions(client, uri, c.before);
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.kind, 'refactor');
    assert.equal(applyEdits(text, action.edit!.changes![uri]), c.after);
  });

  it('Add upstream: a command action, then the server-computed edit and the env wiring', async () => {
    const c = byName('upstream-', 'upstream-native-api');
    const uri = 'file:///jobs/api.nomad';
    const { text, position, actions } = await codeActions(client, uri, c.before);
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action?.command, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.command.command, 'nomadConnect.addUpstream');
    assert.deepEqual(action.command.arguments, [{ uri, position, exclude: ['db', 'api'] }]);

    const result = await client.request<{ edits: TextEdit[]; wiring: string; port: number; app: { task: string } }>('nomadConnect/addUpstreamEdit', {
      uri,
      position,
      destination: c.destination,
    });
    const updated = applyEdits(text, result.edits);
    assert.equal(updated, c.after);
    assert.equal(result.wiring, '${NOMAD_UPSTREAM_ADDR_cache}');
    assert.equal(result.app.task, 'api');

    await client.change(uri, 2, [{ text: updated }]);
    const env = await client.request<{ edits: TextEdit[] }>('nomadConnect/addEnvEdit', { uri, app: result.app, name: 'CACHE_ADDR', value: result.wiring });
    assert.match(applyEdits(updated, env.edits), /\n {8}CACHE_ADDR {3}= "\$\{NOMAD_UPSTREAM_ADDR_cache\}"\n {6}\}/);

    const refused = await client.request<{ error: string }>('nomadConnect/addUpstreamEdit', { uri, position, destination: 'db' });
    assert.match(refused.error, /already declared/);
  });

  it('quick fix "Add upstream <d>" on an unknown NOMAD_UPSTREAM_ADDR_<d>', async () => {
    const c = byName('upstream-', 'upstream-fix-native');
    const uri = 'file:///jobs/fix.nomad';
    const { text, actions } = await codeActions(client, uri, c.before);
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(action.kind, 'quickfix');
    assert.deepEqual(action.diagnostics?.map((d) => d.code), ['NCX-N11'], 'tied to the diagnostic it resolves');
    assert.equal(applyEdits(text, action.edit!.changes![uri]), c.after);
  });

  it('workspace services: other job files, current from watched-file events', async () => {
    const first = await client.request<{ services: { name: string; job: string }[] }>('nomadConnect/workspaceServices', { uri: 'file:///jobs/api.nomad' });
    const names = first.services.map((s) => s.name);
    assert.ok(names.includes('redis-cache'), `a file on disk: ${names.join(', ')}`);
    assert.ok(names.includes('api'), `an open document (fix.nomad): ${names.join(', ')}`);
    const own = await client.request<{ services: { name: string }[] }>('nomadConnect/workspaceServices', { uri: pathToFileURL(path.join(root, 'cache.nomad')).href });
    assert.ok(!own.services.some((s) => s.name === 'redis-cache'), 'the asking file is left out');

    const added = path.join(root, 'search.nomad.hcl');
    writeFileSync(added, 'job "search" {\n  group "search" {\n    service {\n      name = "search"\n    }\n  }\n}\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(added).href, type: 1 }] });
    const later = await client.request<{ services: { name: string }[] }>('nomadConnect/workspaceServices', {});
    assert.ok(later.services.some((s) => s.name === 'search'));

    rmSync(path.join(root, 'cache.nomad'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(root, 'cache.nomad')).href, type: 3 }] });
    const gone = await client.request<{ services: { name: string }[] }>('nomadConnect/workspaceServices', {});
    assert.ok(!gone.services.some((s) => s.name === 'redis-cache'));
  });
});

describe('code actions over stdio (target Nomad 0.8: manual style)', () => {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient(undefined, { nomadVersion: '0.8.4' });
    await client.initialize(null, { settings: { nomadVersion: '0.8.4' } });
  });
  after(async () => {
    await client.shutdown();
  });

  it("Add Connect sidecar adds the seed page's consul connect proxy task", async () => {
    const c = byName('sidecar-', 'sidecar-manual-seed-db');
    const uri = 'file:///jobs/manual-db.nomad';
    const { text, actions } = await codeActions(client, uri, c.before);
    const action = actions.find((a) => a.title === c.title);
    assert.ok(action, `titles: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(applyEdits(text, action.edit!.changes![uri]), c.after);
  });
});
