import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated } from './helpers';

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
});
