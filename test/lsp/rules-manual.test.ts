import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, example } from '../helpers/documents';
import { quickFix, serverForSuite, sliceOf } from '../helpers/lspRules';

/** The manual-proxy rules as an editor sees them: diagnostics with links and quick fixes. */
describe('language server: manual proxy diagnostics and quick fixes', () => {
  const server = serverForSuite();

  for (const [name, flagged] of [
    ['seed-db.nomad', '${NOMAD_ADDR_db_tcp}'],
    ['seed-web.nomad', '${NOMAD_ADDR_proxy_tcp}'],
  ]) {
    it(`${name}: NCX-L08 with its docs link, the other side, and a quick fix that clears it`, async () => {
      const client = server();
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

      const fixed = applyEdits(text, await quickFix(client, uri, d));
      await client.change(uri, 2, [{ text: fixed }]);
      assert.deepEqual((await client.waitForDiagnostics(uri, 2)).filter((x) => x.code === 'NCX-L08'), []);
    });
  }
});
