import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, example } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/** The manual-proxy rules as an editor sees them: diagnostics with links and quick fixes. */
describe('language server: manual proxy diagnostics and quick fixes', () => {
  let client: LspTestClient;

  before(async () => {
    client = new LspTestClient();
    await client.initialize('file:///work/jobs');
  });
  after(async () => {
    await client.shutdown();
  });

  for (const [name, flagged] of [
    ['seed-db.nomad', '${NOMAD_ADDR_db_tcp}'],
    ['seed-web.nomad', '${NOMAD_ADDR_proxy_tcp}'],
  ]) {
    it(`${name}: NCX-L08 with its docs link, the other side, and a quick fix that clears it`, async () => {
      const uri = `file:///work/jobs/${name}`;
      const text = example(name);
      await client.open(uri, text, 1);
      const l08 = (await client.waitForDiagnostics(uri, 1)).filter((d) => d.code === 'NCX-L08');
      assert.equal(l08.length, 1);
      const [d] = l08;
      assert.equal(d.source, 'nomad-connect');
      assert.equal(d.severity, 2);
      assert.match(d.codeDescription?.href ?? '', /docs\/rules\.md#ncx-l08$/);
      assert.equal(d.relatedInformation?.length, 1);
      assert.equal(sliceOf(text, d), flagged);

      const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d], only: ['quickfix'] },
      });
      const fix = actions.find((a) => a.diagnostics?.some((x) => x.code === 'NCX-L08'));
      assert.ok(fix?.edit?.changes?.[uri], 'a quick fix with an edit is offered for NCX-L08');
      const fixed = applyEdits(text, fix.edit.changes[uri]);
      await client.change(uri, 2, [{ text: fixed }]);
      assert.deepEqual((await client.waitForDiagnostics(uri, 2)).filter((x) => x.code === 'NCX-L08'), []);
    });
  }
});

function sliceOf(text: string, d: Diagnostic): string {
  const line = text.split('\n')[d.range.start.line];
  return line.slice(d.range.start.character, d.range.end.character);
}
