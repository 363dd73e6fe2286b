import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Hover, InitializeResult, Location, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyEdits, example, fixture, withCursor } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/** Completion, hover, definition, references and rename of runtime variables over the spawned server. */
describe('runtime variables over LSP', () => {
  let client: LspTestClient;
  let init: InitializeResult;

  before(async () => {
    client = new LspTestClient();
    init = await client.initialize('file:///work/jobs');
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces completion triggers, hover, definition, references and rename with prepare', () => {
    assert.deepEqual(init.capabilities.completionProvider?.triggerCharacters, ['$', '{', '_', '"', '.']);
    assert.equal(init.capabilities.hoverProvider, true);
    assert.equal(init.capabilities.definitionProvider, true);
    assert.equal(init.capabilities.referencesProvider, true);
    assert.deepEqual(init.capabilities.renameProvider, { prepareProvider: true });
  });

  it('completes ${NOMAD_ in the seed web task env, replacing the typed name', async () => {
    const uri = 'file:///work/jobs/web.nomad';
    const { text, position } = withCursor(example('seed-web.nomad').replace('${NOMAD_ADDR_proxy_tcp}', '${NOMAD_<|>}'));
    await client.open(uri, text, 1);
    const result = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri },
      position,
      context: { triggerKind: 2, triggerCharacter: '_' },
    });
    const items = (Array.isArray(result) ? result : result.items).sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(items.slice(0, 2).map((i) => i.label), ['NOMAD_ADDR_proxy_tcp', 'NOMAD_PORT_proxy_tcp']);
    const first = items[0];
    assert.equal(first.detail, 'host IP:port of dynamic port `tcp` declared in task `proxy`');
    const typedFrom = { line: position.line, character: position.character - 'NOMAD_'.length };
    assert.deepEqual(first.textEdit, { range: { start: typedFrom, end: position }, newText: 'NOMAD_ADDR_proxy_tcp' });
    assert.equal(typeof first.documentation === 'object' && first.documentation.kind, 'markdown');
  });

  it('the " trigger completes inside {{ env " in template data, and offers nothing in any other string', async () => {
    const uri = 'file:///work/jobs/template.nomad';
    const template = fixture('interpolation/completion/template-env.nomad');
    const ask = async (marked: string) => {
      const { text, position } = withCursor(marked);
      await client.open(uri, text, 1);
      const result = await client.request<CompletionItem[] | null>('textDocument/completion', {
        textDocument: { uri },
        position,
        context: { triggerKind: 2, triggerCharacter: '"' },
      });
      await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      return (result ?? []).sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    };
    const items = await ask(template.replace('{{ env "NOMAD_ADDR_<|>" }}', '{{ env "<|>" }}'));
    assert.equal(items[0]?.label, 'NOMAD_ADDR_http_api');
    assert.deepEqual(await ask(template.replace('{{ env "NOMAD_ADDR_<|>" }}', '{{ key "<|>" }}')), []);
    assert.deepEqual(await ask(template.replace('driver = "docker"', 'driver = "<|>docker"')), []);
  });

  it('completes a half-typed interpolation after an incremental change', async () => {
    const uri = 'file:///work/jobs/db.nomad';
    const seed = example('seed-db.nomad');
    await client.open(uri, seed, 1);
    const { text, position } = withCursor(seed.replace('"${NOMAD_ADDR_db_tcp}",', '"${NOMAD_ADDR_<|>'));
    await client.change(uri, 2, [{ text }]);
    const result = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position });
    assert.ok(result.some((i) => i.label === 'NOMAD_ADDR_db_tcp'));
  });

  it('hovers, goes to the definition, finds references and renames a port label', async () => {
    const uri = 'file:///work/jobs/shop.nomad';
    const { text, position } = withCursor(fixture('interpolation/definition/from-interpolation.nomad'));
    await client.open(uri, text, 1);

    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position });
    assert.match((hover.contents as { value: string }).value, /The mapped port `to = 8080` of dynamic port `http-api`/);

    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position });
    assert.deepEqual(defs, [{ uri, range: { start: { line: 5, character: 11 }, end: { line: 5, character: 21 } } }]);

    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    assert.equal(refs.length, 6);

    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri }, position });
    assert.equal(prep.placeholder, 'http-api');

    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'web' });
    assert.equal(applyEdits(text, edit.changes![uri]), fixture('interpolation/rename/port-label.expected.nomad'));
  });

  it('publishes NCX-N11 for a typo and offers "Change to" as quick fix', async () => {
    const uri = 'file:///work/jobs/typo.nomad';
    const seed = example('seed-web.nomad');
    const text = seed.replace('NOMAD_ADDR_proxy_tcp', 'NOMAD_ADDR_proxy_tpc');
    await client.open(uri, text, 1);
    const diagnostics = (await client.waitForDiagnostics(uri, 1)).filter((d) => d.code === 'NCX-N11');
    assert.equal(diagnostics.length, 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics, only: ['quickfix'] },
    });
    const fix = actions.find((a) => a.title === 'Change to `NOMAD_ADDR_proxy_tcp`');
    assert.ok(fix, 'the quick fix is offered');
    assert.equal(applyEdits(text, fix.edit!.changes![uri]), seed);
  });

  it('prepareRename answers null where no port label is (a fixed variable, a flag), so the editor refuses', async () => {
    const uri = 'file:///work/jobs/prepare.nomad';
    const seed = example('seed-db.nomad');
    await client.open(uri, seed, 1);
    let version = 1;
    for (const marked of [seed.replace('${NOMAD_ADDR_db_tcp}', '${NOMAD_ALLOC<|>_DIR}'), seed.replace('"-service", "db"', '"-serv<|>ice", "db"')]) {
      const { text, position } = withCursor(marked);
      await client.change(uri, ++version, [{ text }]);
      assert.equal(await client.request('textDocument/prepareRename', { textDocument: { uri }, position }), null);
    }
  });

  it('answers a rename to a declared label with an error, and keeps serving', async () => {
    const uri = 'file:///work/jobs/shop.nomad';
    const { position } = withCursor(fixture('interpolation/definition/from-interpolation.nomad'));
    await assert.rejects(client.request('textDocument/rename', { textDocument: { uri }, position, newName: 'metrics' }), /already declared/);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(hover);
  });
});
