import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, completions, edit, hoverText, labelOf, open, positionOf, revert } from './helpers';

describe('interpolations and outline', () => {
  before(activated);

  it('completes ${NOMAD_… while typing in the web task env and replaces the typed part', async () => {
    const editor = await open('seed-web.nomad');
    const doc = editor.document;
    try {
      const line = positionOf(doc, 'DATABASE_URL').line + 1;
      // Typed in steps, as a person does; `$`, `{` and `_` trigger the suggestions.
      await edit(doc, [vscode.TextEdit.insert(doc.lineAt(line - 1).range.end, '\n                PROXY = "$')]);
      await edit(doc, [vscode.TextEdit.insert(doc.lineAt(line).range.end, '{')]);
      const early = (await completions(doc.uri, doc.lineAt(line).range.end, '{')).map(labelOf);
      assert.ok(early.includes('NOMAD_PORT_proxy_tcp'), `offered right after \${: got ${early.slice(0, 30).join(', ')}`);
      await edit(doc, [vscode.TextEdit.insert(doc.lineAt(line).range.end, 'NOMAD_')]);
      assert.equal(doc.lineAt(line).text, '                PROXY = "${NOMAD_');
      const cursor = doc.lineAt(line).range.end;
      const items = await completions(doc.uri, cursor, '_');
      const labels = items.map(labelOf);
      for (const want of ['NOMAD_ADDR_proxy_tcp', 'NOMAD_PORT_proxy_tcp']) assert.ok(labels.includes(want), `${want} offered; got ${labels.slice(0, 30).join(', ')}`);

      const item = items.find((i) => labelOf(i) === 'NOMAD_PORT_proxy_tcp')!;
      const range = item.range instanceof vscode.Range ? item.range : item.range?.replacing;
      assert.ok(range, 'the item carries the range of the typed name');
      const insert = typeof item.insertText === 'string' ? item.insertText : (item.insertText?.value ?? labelOf(item));
      await edit(doc, [vscode.TextEdit.replace(range, insert)]);
      assert.match(doc.lineAt(cursor.line).text, /PROXY = "\$\{NOMAD_PORT_proxy_tcp\b/);
      assert.doesNotMatch(doc.lineAt(cursor.line).text, /NOMAD_NOMAD_/);
    } finally {
      await revert(doc);
    }
  });

  it('hovers a runtime variable with what it resolves to', async () => {
    const { document } = await open('seed-db.nomad');
    const at = positionOf(document, 'NOMAD_ADDR_db_tcp', 'NOMAD_ADDR_'.length);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, at);
    const text = hoverText(hovers ?? []);
    assert.match(text, /NOMAD_ADDR_db_tcp/);
    assert.match(text, /\btcp\b/);
    assert.match(text, /\bdb\b/);
  });

  it('goes from ${NOMAD_ADDR_db_tcp} to the port "tcp" of task db', async () => {
    const { document } = await open('seed-db.nomad');
    const at = positionOf(document, 'NOMAD_ADDR_db_tcp', 3);
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, at);
    assert.equal(found?.length, 1, 'one definition');
    const target = 'targetUri' in found[0] ? { uri: found[0].targetUri, range: found[0].targetSelectionRange ?? found[0].targetRange } : found[0];
    assert.equal(target.uri.toString(), document.uri.toString());
    // The db task declares the first `port "tcp"`; the proxy task declares the second.
    assert.equal(target.range.start.line, positionOf(document, 'port "tcp"').line);
  });

  it('shows the job, its group and tasks in the outline', async () => {
    const { document } = await open('seed-db.nomad');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['db']);
    const [group] = symbols[0].children;
    assert.equal(group.name, 'db');
    const tasks = group.children.filter((c) => c.detail.startsWith('task'));
    assert.deepEqual(tasks.map((t) => t.name), ['db', 'connect-proxy']);
    const ports = tasks[0].children.flatMap((n) => n.children).map((p) => p.name);
    assert.deepEqual(ports, ['tcp']);
  });
});
