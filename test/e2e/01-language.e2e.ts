import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, current, waitFor, workspaceUri } from './helpers';

describe('language detection', () => {
  before(activated);

  for (const name of ['seed-db.nomad', 'api.nomad.hcl']) {
    it(`opens ${name} as Nomad`, async () => {
      const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
      assert.equal(doc.languageId, 'nomad');
    });
  }

  it('switches a plain .hcl file holding a job to Nomad', async () => {
    const uri = workspaceUri('worker.hcl');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const language = await waitFor('worker.hcl to become a nomad document', () =>
      current(uri)?.languageId === 'nomad' ? 'nomad' : undefined,
    );
    assert.equal(language, 'nomad');
  });

  it('leaves a .hcl file without a job alone', async () => {
    const uri = workspaceUri('terraform.hcl');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    // The switch happens on open; a round trip through the extension host's commands runs after it.
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri);
    assert.notEqual(current(uri)?.languageId, 'nomad');
  });
});
