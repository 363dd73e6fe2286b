import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, open, waitFor, workspaceUri } from './helpers';

/** The runner starts the project's Consul fake and hands its address to VS Code as CONSUL_HTTP_ADDR. */
function fakeConsul(): string {
  const address = process.env.NOMAD_CONNECT_E2E_CONSUL;
  assert.ok(address, 'the e2e runner must start the Consul fake (out/test/consul/fakeConsulMain.js) and set NOMAD_CONNECT_E2E_CONSUL');
  assert.equal(process.env.CONSUL_HTTP_ADDR, address, 'the extension talks to the fake through CONSUL_HTTP_ADDR');
  return address;
}

async function intention(base: string, source: string, destination: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}/v1/connect/intentions/exact?source=${source}&destination=${destination}`);
  return { status: res.status, body: res.status === 200 ? await res.json() : await res.text() };
}

async function putIntention(base: string, source: string, destination: string, action: 'allow' | 'deny'): Promise<void> {
  const res = await fetch(`${base}/v1/connect/intentions/exact?source=${source}&destination=${destination}`, { method: 'PUT', body: JSON.stringify({ Action: action }) });
  assert.equal(res.status, 200, `the fake stores ${source} → ${destination} as ${action}`);
}

interface Result {
  source: string;
  destination: string;
  outcome: string;
  allowed?: boolean;
  message: string;
}

/**
 * Runs "Connect: allow service" without an argument and presses Enter on its multi-select list as
 * soon as it shows. An Enter that lands between the list showing and its items arriving accepts
 * nothing and the command ends with undefined; then it is run again.
 */
async function acceptPairList(): Promise<Result[]> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let settled = false;
    let results: Result[] | undefined;
    void Promise.resolve(vscode.commands.executeCommand<Result[] | undefined>('nomadConnect.allowService')).then((r) => {
      settled = true;
      results = r;
    });
    await waitFor('the pair list to be accepted', async () => {
      if (settled) return true;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    });
    if (results) return results;
  }
  throw new Error('the pair list was never accepted with its items');
}

describe('Consul intentions', () => {
  before(activated);

  it('"Connect: allow service" with an argument creates the intention in Consul', async () => {
    const base = fakeConsul();
    const before = await intention(base, 'web', 'db');
    assert.equal(before.status, 404, `no intention web → db before the command: ${JSON.stringify(before.body)}`);
    await vscode.commands.executeCommand('nomadConnect.allowService', { source: 'web', destination: 'db', description: 'e2e' });
    const after = await intention(base, 'web', 'db');
    assert.equal(after.status, 200, `the fake holds web → db: ${JSON.stringify(after.body)}`);
    const body = after.body as { SourceName?: string; DestinationName?: string; Action?: string };
    assert.equal(body.SourceName, 'web');
    assert.equal(body.DestinationName, 'db');
    assert.equal(body.Action, 'allow');
  });

  it('ignores a nomadConnect.consul.address from the workspace settings (machine scope)', async () => {
    const base = fakeConsul();
    const file = workspaceUri('.vscode/settings.json');
    const settings = Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8');
    assert.match(settings, /"nomadConnect\.consul\.address": "http:\/\/127\.0\.0\.1:9"/, 'the fixture workspace tries to redirect Consul requests');
    const result = await vscode.commands.executeCommand<Result>('nomadConnect.allowService', { source: 'cache', destination: 'db' });
    assert.equal(result.outcome, 'created', result.message);
    assert.equal((await intention(base, 'cache', 'db')).status, 200, 'the request went to CONSUL_HTTP_ADDR, not to the workspace address');
  });

  it('keeps an existing deny unless the argument says replaceDeny: true, then reports "allowed"', async () => {
    const base = fakeConsul();
    await putIntention(base, 'orders', 'payments', 'deny');
    const kept = await vscode.commands.executeCommand<Result>('nomadConnect.allowService', { source: 'orders', destination: 'payments' });
    assert.deepEqual([kept.outcome, kept.allowed, kept.message], ['kept', false, 'orders → payments: denied (the existing deny was kept)']);
    assert.equal(((await intention(base, 'orders', 'payments')).body as { Action?: string }).Action, 'deny');

    const replaced = await vscode.commands.executeCommand<Result>('nomadConnect.allowService', { source: 'orders', destination: 'payments', replaceDeny: true });
    assert.deepEqual([replaced.outcome, replaced.allowed, replaced.message], ['updated', true, 'orders → payments: allowed']);
    assert.equal(((await intention(base, 'orders', 'payments')).body as { Action?: string }).Action, 'allow');
  });

  it('in a job file, offers the pairs the file implies (pre-selected when not yet allowed) and creates the accepted ones', async () => {
    const base = fakeConsul();
    await open('api.nomad.hcl');
    assert.equal((await intention(base, 'api', 'db')).status, 404);
    const results = await acceptPairList();
    assert.deepEqual(results.map((r) => [r.outcome, r.message]), [['created', 'api → db: allowed']]);
    assert.equal((await intention(base, 'api', 'db')).status, 200);
  });

  it('outside a job file, asks for source and destination one by one, offering * (any service)', async () => {
    const base = fakeConsul();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    let result: Result[] | undefined;
    void Promise.resolve(vscode.commands.executeCommand<Result[]>('nomadConnect.denyService')).then((r) => (result = r));
    // Enter on each of the two pickers takes the first item, `*` (any service).
    await waitFor('both pickers to be accepted', async () => {
      if (result) return result;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    });
    assert.deepEqual(result!.map((r) => [r.source, r.destination, r.outcome, r.message]), [['*', '*', 'created', '* → *: denied']]);
    assert.equal(((await intention(base, '*', '*')).body as { Action?: string }).Action, 'deny');
  });

  it('a bad name fails in plain words and changes nothing', async () => {
    const base = fakeConsul();
    const result = await vscode.commands.executeCommand<Result>('nomadConnect.denyService', { source: 'web', destination: 'pay ments' });
    assert.equal(result.outcome, 'failed');
    assert.match(result.message, /^Could not deny web → pay ments in Consul; nothing was changed\. Bad destination name "pay ments": it contains whitespace\.$/);
    assert.notEqual((await intention(base, 'web', 'pay%20ments')).status, 200, 'nothing was written');
  });
});
