import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { DocumentSymbol } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { example, FIXTURES } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

const INTERNAL_ERROR = -32603;
const REQUEST_CANCELLED = -32800;
const METHOD_NOT_FOUND = -32601;
const BAD_LOG = /failed|unhandled rejection|uncaught exception/;

type Outcome = { ok: true; result: unknown } | { ok: false; code: number; message: string };

/** Bad input over the protocol: isolated handlers and notifications, cancellation, regression fixtures. */
describe('server robustness over stdio', () => {
  let client: LspTestClient;
  let n = 0;
  const nextUri = () => `file:///robust/job-${++n}.nomad`;

  const call = (method: string, params: unknown, token?: CancellationTokenSource): Promise<Outcome> =>
    (token ? client.connection.sendRequest(method, params, token.token) : client.connection.sendRequest(method, params)).then(
      (result): Outcome => ({ ok: true, result }),
      (e: { code: number; message: string }): Outcome => ({ ok: false, code: e.code, message: e.message }),
    );
  const symbols = (uri: string) => client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  const badLogs = () => client.logs.filter((l) => BAD_LOG.test(l));

  before(async () => {
    client = new LspTestClient();
    await client.initialize(null);
  });
  after(async () => {
    assert.equal(client.hasExited, false, 'the server is still running at the end');
    await client.shutdown();
  });

  it('answers an exception in a handler with an error for that request, logs it once, and keeps serving', async () => {
    const uri = nextUri();
    await client.open(uri, example('seed-db.nomad'));
    const logsBefore = badLogs().length;
    // Params without a textDocument make the handler throw.
    const first = await call('textDocument/documentSymbol', {});
    const second = await call('textDocument/documentSymbol', {});
    assert.deepEqual([first.ok, second.ok], [false, false]);
    assert.equal(!first.ok && first.code, INTERNAL_ERROR);
    assert.equal(!second.ok && second.code, INTERNAL_ERROR);
    assert.equal(badLogs().length - logsBefore, 1, `logged once: ${badLogs().slice(logsBefore).join(' | ')}`);
    assert.ok((await symbols(uri)).length > 0, 'other requests are still served');
  });

  it('survives malformed didOpen/didChange/didClose and keeps the document', async () => {
    const uri = nextUri();
    const text = example('seed-web.nomad');
    await client.open(uri, text);
    const good = await symbols(uri);
    const bad: unknown[] = [
      { textDocument: { uri, version: 2 } },
      { textDocument: { uri, version: 3 }, contentChanges: 'nope' },
      { textDocument: { uri, version: 4 }, contentChanges: [{ range: {}, text: 'x' }] },
      { textDocument: { uri, version: 5 }, contentChanges: [{ range: { start: { line: -4, character: 'a' }, end: null }, text: 7 }] },
      { textDocument: { uri: 'file:///never/opened.nomad', version: 2 }, contentChanges: [{ text: 'job "x" {}' }] },
    ];
    for (const params of bad) await client.connection.sendNotification('textDocument/didChange', params);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 'file:///bad.nomad' } });
    await client.connection.sendNotification('textDocument/didClose', {});
    assert.equal(client.hasExited, false);
    assert.deepEqual(await symbols(uri), good, 'malformed changes left the document as it was');
    assert.ok(client.logs.some((l) => l.startsWith('didChange failed: Error: malformed content changes')));
    const edit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# still in sync\n' };
    await client.change(uri, 10, [edit]);
    const fresh = nextUri();
    await client.open(fresh, `${edit.text}${text}`);
    assert.deepEqual(await symbols(uri), await symbols(fresh), 'later edits apply to the kept text');
  });

  it('stops cancelled requests: each answer is a result or RequestCancelled, never a hang', async () => {
    const uri = nextUri();
    // While the server parses a large document, the requests and their cancellations queue up.
    const big = Array.from({ length: 60 }, (_, i) => example('seed-db.nomad').replace(/job "(\w+)"/, `job "$1-${i}"`)).join('\n');
    void client.open(uri, big);
    const pending = Array.from({ length: 20 }, (_, i) => {
      const source = new CancellationTokenSource();
      const answer = call(i % 2 ? 'textDocument/documentSymbol' : 'textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        context: { diagnostics: [] },
      }, source);
      source.cancel();
      return answer;
    });
    const outcomes = await Promise.all(pending);
    for (const o of outcomes) assert.ok(o.ok || o.code === REQUEST_CANCELLED, JSON.stringify(o));
    assert.ok(outcomes.some((o) => !o.ok && o.code === REQUEST_CANCELLED), 'at least one request was stopped');
  });

  it('keeps ranges exact after an incremental edit behind emoji and CJK', async () => {
    const uri = nextUri();
    const text = readFileSync(path.join(FIXTURES, 'robustness/unicode.nomad'), 'utf8');
    const reference = TextDocument.create(uri, 'nomad', 1, text);
    await client.open(uri, text);
    // Insert a network port right after the emoji-named service's closing quote.
    const at = text.indexOf('"web-🌐"') + '"web-🌐"'.length;
    const change = { range: { start: reference.positionAt(at), end: reference.positionAt(at) }, text: ' # 🎯 目标' };
    TextDocument.update(reference, [change], 2);
    await client.change(uri, 2, [change]);
    const fresh = nextUri();
    await client.open(fresh, reference.getText());
    assert.deepEqual(await symbols(uri), await symbols(fresh));
    const task = (await symbols(uri))[0].children!.find((g) => g.name === '前端')!.children!.find((c) => c.name === '服务-🚀')!;
    const line = reference.getText().split('\n')[task.selectionRange.start.line];
    assert.equal(line.slice(task.selectionRange.start.character, task.selectionRange.end.character), '"服务-🚀"');
  });

  for (const name of readdirSync(path.join(FIXTURES, 'robustness')).filter((f) => f.endsWith('.nomad')).sort()) {
    it(`serves every feature on robustness/${name} without an internal error`, async () => {
      const uri = nextUri();
      const text = readFileSync(path.join(FIXTURES, 'robustness', name), 'utf8');
      const doc = TextDocument.create(uri, 'nomad', 1, text);
      await client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri, 1);
      const logsBefore = badLogs().length;
      const step = Math.max(1, Math.floor(text.length / 40));
      const methods = ['textDocument/completion', 'textDocument/hover', 'textDocument/definition', 'textDocument/references', 'textDocument/prepareRename', 'textDocument/signatureHelp'];
      const outcomes: Outcome[] = [];
      for (let offset = 0; offset <= text.length; offset += step) {
        const position = doc.positionAt(offset);
        for (const method of methods) outcomes.push(await call(method, { textDocument: { uri }, position, context: { includeDeclaration: true } }));
        outcomes.push(await call('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics } }));
      }
      outcomes.push(await call('textDocument/documentSymbol', { textDocument: { uri } }), await call('textDocument/codeLens', { textDocument: { uri } }));
      const internal = outcomes.filter((o) => !o.ok && o.code === INTERNAL_ERROR);
      assert.deepEqual(internal, []);
      assert.ok(outcomes.some((o) => !o.ok && o.code === METHOD_NOT_FOUND), 'an unsupported method gets MethodNotFound');
      assert.deepEqual(badLogs().slice(logsBefore), []);
    });
  }
});
