import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  activated, applyAction, codeActions, codeOf, completions, diagnostics, freshDiagnostics, labelOf, listDiagnostics, open, positionOf, revert, titles, waitFor,
} from './helpers';

describe('code actions and snippets', () => {
  before(activated);

  it('"Add Connect sidecar" turns a plain task into a native Connect service that checks clean', async () => {
    const { document: doc } = await open('cache.nomad');
    try {
      const at = positionOf(doc, 'task "redis"', 'task "'.length);
      const actions = await codeActions(doc.uri, new vscode.Range(at, at));
      const sidecar = actions.find((a) => a.title.startsWith('Add Connect sidecar'));
      assert.ok(sidecar, `"Add Connect sidecar" offered on the task; got ${titles(actions)}`);
      await applyAction(sidecar);
      const text = doc.getText();
      assert.match(text, /mode\s*=\s*"bridge"/);
      assert.match(text, /connect\s*\{\s*sidecar_service\s*\{/);
      assert.match(text, /service\s*\{[^}]*name\s*=\s*"redis"/);
      const left = await freshDiagnostics(doc);
      assert.deepEqual(left, [], `clean after the action: ${listDiagnostics(left)}`);
    } finally {
      await revert(doc);
    }
  });

  it('"Add upstream" adds an upstream to the picked service, wires the app and checks clean', async () => {
    const editor = await open('orders.nomad');
    const doc = editor.document;
    try {
      assert.deepEqual(await freshDiagnostics(doc), [], 'orders.nomad starts clean');
      // The cursor waits in the app's empty API_ADDR value, where the address is to be inserted.
      const cursor = positionOf(doc, 'API_ADDR = "', 'API_ADDR = "'.length);
      editor.selection = new vscode.Selection(cursor, cursor);
      const at = positionOf(doc, 'sidecar_service');
      const actions = await codeActions(doc.uri, new vscode.Range(at, at));
      const add = actions.find((a) => a.title.startsWith('Add upstream'));
      assert.ok(add?.command, `"Add upstream" offered in a service with a sidecar; got ${titles(actions)}`);
      // Both quick picks take their first entry: the destination (workspace services and the
      // Consul fake's catalog, sorted by name: "api" comes first in both) and "Insert … at the cursor".
      await runAcceptingQuickPicks(add.command, () => doc.getText().includes('destination_name = "api"'));
      assert.match(doc.getText(), /upstreams\s*\{\s*destination_name\s*=\s*"api"\s*local_bind_port\s*=\s*\d+\s*\}/);
      assert.match(doc.getText(), /API_ADDR = "\$\{NOMAD_UPSTREAM_ADDR_api\}"/);
      const left = await freshDiagnostics(doc);
      assert.deepEqual(left, [], `clean after the action: ${listDiagnostics(left)}`);
    } finally {
      await revert(doc);
    }
  });

  it('"Add upstream" given a destination and an env to wire asks nothing and returns what it added', async () => {
    const { document: doc } = await open('orders.nomad');
    try {
      const at = positionOf(doc, 'sidecar_service');
      const args = { uri: doc.uri.toString(), position: { line: at.line, character: at.character }, destination: 'payments', wire: { env: 'PAYMENTS_ADDR' } };
      const outcome = await vscode.commands.executeCommand<{ destination?: string; wiring?: string; error?: string }>('nomadConnect.addUpstream', args);
      assert.equal(outcome?.error, undefined, `no error: ${JSON.stringify(outcome)}`);
      assert.equal(outcome?.wiring, '${NOMAD_UPSTREAM_ADDR_payments}');
      assert.match(doc.getText(), /upstreams\s*\{\s*destination_name\s*=\s*"payments"\s*local_bind_port\s*=\s*\d+\s*\}/);
      assert.match(doc.getText(), /PAYMENTS_ADDR = "\$\{NOMAD_UPSTREAM_ADDR_payments\}"/);
      const left = await freshDiagnostics(doc);
      assert.deepEqual(left, [], `clean after the command: ${listDiagnostics(left)}`);
      const again = await vscode.commands.executeCommand<{ error?: string }>('nomadConnect.addUpstream', { ...args, wire: undefined });
      assert.match(again?.error ?? '', /already declared/);
    } finally {
      await revert(doc);
    }
  });

  it('applies the quick fix for NCX-L08 in the seed db job and the warning goes away', async () => {
    const { document: doc } = await open('seed-db.nomad');
    try {
      const ds = await diagnostics(doc.uri, 'NCX-L08', (all) => all.some((d) => codeOf(d) === 'NCX-L08'));
      const l08 = ds.find((d) => codeOf(d) === 'NCX-L08')!;
      // The API command drops CodeAction.diagnostics, so the fix is found by what it proposes.
      const actions = await codeActions(doc.uri, l08.range, vscode.CodeActionKind.QuickFix);
      const fix = actions.find((a) => a.title.includes('127.0.0.1'));
      assert.ok(fix, `a quick fix on NCX-L08 proposing 127.0.0.1; got ${titles(actions)}`);
      await applyAction(fix);
      assert.match(doc.getText(), /"-service-addr",\s*"127\.0\.0\.1:\$\{NOMAD_PORT_db_tcp\}"/);
      const left = await freshDiagnostics(doc);
      assert.ok(!left.some((d) => codeOf(d) === 'NCX-L08'), `NCX-L08 gone: ${listDiagnostics(left)}`);
    } finally {
      await revert(doc);
    }
  });

  it('expands the contributed job snippet into a job that checks clean', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'nomad', content: '' });
    const editor = await vscode.window.showTextDocument(doc);
    const items = await completions(doc.uri, new vscode.Position(0, 0));
    const snippet = items.find((i) => i.kind === vscode.CompletionItemKind.Snippet && labelOf(i) === 'job');
    assert.ok(snippet, `a "job" snippet among the suggestions; snippets: ${items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map(labelOf).join(', ') || 'none'}`);
    const body = snippet.insertText instanceof vscode.SnippetString ? snippet.insertText : new vscode.SnippetString(String(snippet.insertText));
    assert.ok(await editor.insertSnippet(body, new vscode.Position(0, 0)), 'the snippet was inserted');
    // Leave snippet mode so the defaults stand as typed.
    await vscode.commands.executeCommand('leaveSnippet');
    assert.match(doc.getText(), /^job\s+"[^"]+"\s*\{/m);
    const left = await freshDiagnostics(doc);
    assert.deepEqual(left, [], `clean after expanding: ${listDiagnostics(left)}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

/**
 * Runs a command that asks through quick picks and accepts the first entry of each, as Enter
 * would. The API cannot see when a quick pick has listed its entries, and an accept before that
 * ends the command without a change; so the first accept waits a little, and the command is run
 * again with a longer wait (100 ms, doubling) until `done()` holds.
 */
async function runAcceptingQuickPicks(command: vscode.Command, done: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 6 && !done(); attempt++) {
    const firstAccept = Date.now() + 100 * 2 ** attempt;
    let settled = false;
    let failure: unknown;
    vscode.commands.executeCommand(command.command, ...(command.arguments ?? [])).then(
      () => (settled = true),
      (err) => ((failure = err), (settled = true)),
    );
    await waitFor(`${command.command} to finish`, async () => {
      if (settled) return true;
      if (Date.now() >= firstAccept) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    });
    if (failure) throw failure;
  }
  assert.ok(done(), `${command.command} did not make its change`);
}
