import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, codeOf, diagnostics, edit, open, revert, serverPids, waitFor } from './helpers';

describe('language server lifecycle', () => {
  before(activated);

  it('restarts the server after it is killed and keeps checking', async () => {
    const { document: doc } = await open('seed-db.nomad');
    await diagnostics(doc.uri, 'NCX-L08', (ds) => ds.some((d) => codeOf(d) === 'NCX-L08'));
    const [pid, ...more] = serverPids();
    assert.ok(pid, 'a language server process runs');
    assert.deepEqual(more, [], 'exactly one language server process');
    process.kill(pid, 'SIGKILL');

    const next = await waitFor('a new language server process', () => serverPids().find((p) => p !== pid));
    assert.notEqual(next, pid);
    try {
      // A new mistake is reported, so the new process got the open document and analyses changes.
      const line = doc.lineAt(doc.getText().split('\n').findIndex((l) => l.includes('"-register",')));
      await edit(doc, [vscode.TextEdit.replace(line.range, line.text.replace('"-register",', '"-register", "-upstream", "cache",'))]);
      await diagnostics(doc.uri, 'NCX-L04 from the restarted server', (ds) => ds.some((d) => codeOf(d) === 'NCX-L04'));
    } finally {
      await revert(doc);
    }
  });
});
