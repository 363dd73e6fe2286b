import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DocumentSymbol, InitializeResult } from 'vscode-languageserver-protocol';
import { example } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/** The bundled server, spawned as a process and driven over JSON-RPC on stdio. */
describe('language server over stdio', () => {
  let client: LspTestClient;
  let init: InitializeResult;
  const uri = 'file:///work/jobs/db.nomad';

  before(async () => {
    client = new LspTestClient();
    init = await client.initialize('file:///work/jobs');
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces incremental sync and its features', () => {
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(init.capabilities.documentSymbolProvider, true);
    assert.equal(init.serverInfo?.name, 'nomad-connect-ls');
  });

  it('publishes no syntax error for a valid job on didOpen', async () => {
    client.open(uri, example('native/db.nomad.hcl'), 1);
    const diagnostics = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(diagnostics.filter((d) => d.code === 'syntax'), []);
  });

  it('applies incremental changes: deleting a closing brace, then restoring it', async () => {
    const text = example('native/db.nomad.hcl');
    const lines = text.split('\n');
    const closeLine = lines.lastIndexOf('}');
    await client.change(uri, 2, [{ range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 1 } }, text: '' }]);
    const broken = await client.waitForDiagnostics(uri, 2);
    const syntax = broken.filter((d) => d.code === 'syntax');
    assert.equal(syntax.length, 1);
    assert.match(String(syntax[0].message), /^missing closing `}` for block `job "db"`/);
    assert.equal(syntax[0].source, 'nomad-connect');

    await client.change(uri, 3, [{ range: { start: { line: closeLine, character: 0 }, end: { line: closeLine, character: 0 } }, text: '}' }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 3)).filter((d) => d.code === 'syntax'), []);
  });

  it('publishes for the latest version only after a burst of keystrokes', async () => {
    const burstUri = 'file:///work/jobs/burst.nomad';
    client.open(burstUri, 'job "b" {\n\n}\n', 1);
    await client.waitForDiagnostics(burstUri, 1);
    const word = 'group "g" {}';
    for (let i = 0; i < word.length; i++) {
      void client.change(burstUri, 2 + i, [{ range: { start: { line: 1, character: i }, end: { line: 1, character: i } }, text: word[i] }]);
    }
    const last = 1 + word.length;
    assert.deepEqual(await client.waitForDiagnostics(burstUri, last), []);
    const versions = client.published(burstUri).map((p) => p.version);
    assert.ok(versions.length < word.length, `coalesced: published ${versions.join(',')}`);
    assert.deepEqual(versions, [...versions].sort((a, b) => a! - b!), 'never goes back to an older version');
  });

  it('answers documentSymbol with the job outline', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'db');
    assert.deepEqual(symbols[0].children?.map((c) => c.name), ['db']);
    assert.deepEqual(symbols[0].children?.[0].children?.map((c) => c.name), ['network', 'db', 'postgres']);
  });

  it('shuts down and exits with code 0', async () => {
    const code = await client.shutdown();
    assert.equal(code, 0);
  });
});
