import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, fixture } from '../helpers/documents';
import { quickFix, serverForSuite, sliceOf } from '../helpers/lspRules';

/** The native Connect rules as an editor sees them: diagnostics with links, the other side, quick fixes. */
describe('language server: native Connect diagnostics and quick fixes', () => {
  const server = serverForSuite();

  it('NCX-N05 links its docs and the first upstream, and its quick fix clears it', async () => {
    const client = server();
    const uri = 'file:///work/jobs/web.nomad';
    const text = fixture('rules/native/n05-across-services.nomad');
    await client.open(uri, text, 1);
    const n05 = (await client.waitForDiagnostics(uri, 1)).filter((d) => d.code === 'NCX-N05');
    assert.equal(n05.length, 1);
    const [d] = n05;
    assert.equal(d.source, 'nomad-connect');
    assert.equal(d.severity, 2);
    assert.match(d.codeDescription?.href ?? '', /docs\/rules\.md#ncx-n05$/);
    assert.equal(sliceOf(text, d), '5432');
    assert.equal(d.relatedInformation?.[0].location.uri, uri);
    assert.equal(d.relatedInformation?.[0].location.range.start.line, 17, 'points at the first upstream on 5432');

    const edit = await quickFix(client, uri, d);
    await client.change(uri, 2, [{ text: applyEdits(text, edit) }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 2)).filter((x) => x.code === 'NCX-N05'), []);
  });

  it('NCX-N01: moving the task-level service to the group clears it', async () => {
    const client = server();
    const uri = 'file:///work/jobs/api.nomad';
    const text = fixture('rules/native/n01-task-level-connect.nomad');
    await client.open(uri, text, 1);
    const [d] = (await client.waitForDiagnostics(uri, 1)).filter((x) => x.code === 'NCX-N01');
    assert.equal(d.severity, 1);
    assert.equal(sliceOf(text, d), 'connect');
    const edit = await quickFix(client, uri, d);
    await client.change(uri, 2, [{ text: applyEdits(text, edit) }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 2)).filter((x) => x.code?.toString().startsWith('NCX-N')), []);
  });
});
