import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspTestClient } from './lspClient';

/** Rule diagnostics over the protocol: one spawned server per suite, the text a diagnostic covers, its quick fix. */

/** Starts a server before the enclosing suite's tests and shuts it down after them; call inside `describe`. */
export function serverForSuite(rootUri = 'file:///work/jobs'): () => LspTestClient {
  let client: LspTestClient;
  before(async () => {
    client = new LspTestClient();
    await client.initialize(rootUri);
  });
  after(async () => {
    await client.shutdown();
  });
  return () => client;
}

/** The text a single-line diagnostic covers. */
export function sliceOf(text: string, d: Diagnostic): string {
  const line = text.split('\n')[d.range.start.line];
  return line.slice(d.range.start.character, d.range.end.character);
}

/** The edits of the quick fix the server offers for `d`; fails when there is none. */
export async function quickFix(client: LspTestClient, uri: string, d: Diagnostic): Promise<TextEdit[]> {
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  });
  const fix = actions.find((a) => a.diagnostics?.some((x) => x.code === d.code));
  assert.ok(fix?.edit?.changes?.[uri], `a quick fix with an edit is offered for ${d.code}`);
  return fix.edit.changes[uri];
}
