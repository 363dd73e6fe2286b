import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeLens, InitializeResult, Range } from 'vscode-languageserver-protocol';
import { example } from '../helpers/documents';
import { LspTestClient } from '../helpers/lspClient';

/** Over the wire: the `nomadConnect/connectPairs` request and the "Allow … in Consul" code lenses. */
describe('intentions over LSP', () => {
  let client: LspTestClient;
  let init: InitializeResult;
  const nativeUri = 'file:///work/jobs/web.nomad.hcl';
  const manualUri = 'file:///work/jobs/seed-web.nomad';

  before(async () => {
    client = new LspTestClient();
    init = await client.initialize('file:///work/jobs');
    await client.open(nativeUri, example('native/web.nomad.hcl'));
    await client.open(manualUri, example('seed-web.nomad'));
  });
  after(async () => {
    await client.shutdown();
  });

  it('announces code lenses', () => {
    assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
  });

  it('answers connectPairs for native upstreams', async () => {
    const pairs = await client.request<{ source: string; destination: string; range: Range }[]>('nomadConnect/connectPairs', { uri: nativeUri });
    // `destination_name = "api"` is on line 22 (0-based 21), the value after the padding.
    assert.deepEqual(pairs, [{ source: 'web', destination: 'api', range: { start: { line: 21, character: 33 }, end: { line: 21, character: 38 } } }]);
  });

  it('answers connectPairs for manual -upstream flags', async () => {
    const pairs = await client.request<{ source: string; destination: string; range: Range }[]>('nomadConnect/connectPairs', { uri: manualUri });
    assert.deepEqual(pairs.map((p) => [p.source, p.destination]), [['web', 'db']]);
    const line = example('seed-web.nomad').split('\n')[pairs[0].range.start.line];
    assert.equal(line.slice(pairs[0].range.start.character, pairs[0].range.end.character), 'db:${NOMAD_PORT_tcp}');
  });

  it('answers an empty list for a document it does not have', async () => {
    assert.deepEqual(await client.request('nomadConnect/connectPairs', { uri: 'file:///work/jobs/missing.nomad' }), []);
  });

  it('puts "Allow web → api in Consul" on the upstream, running nomadConnect.allowService with the pair', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: nativeUri } });
    assert.deepEqual(lenses, [
      {
        range: { start: { line: 21, character: 33 }, end: { line: 21, character: 38 } },
        command: { title: 'Allow web → api in Consul', command: 'nomadConnect.allowService', arguments: [{ source: 'web', destination: 'api', replaceDeny: 'ask' }] },
      },
    ]);
    const manual = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: manualUri } });
    assert.deepEqual(manual.map((l) => l.command?.title), ['Allow web → db in Consul']);
  });
});
