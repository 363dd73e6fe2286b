import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import { NomadDocument } from '../../server/src/core/document';
import { DocumentStore } from '../../server/src/lsp/documents';
import { example, sharedParser } from '../helpers/documents';

/**
 * With many files open the server keeps only the recently used ones parsed (lsp/documents.ts);
 * a released document parses its text again when next used and answers as before.
 */
describe('released documents', () => {
  it('answer like a fresh document after release, also for edits', async () => {
    const parser = await sharedParser();
    const text = example('native/api.nomad.hcl');
    const doc = NomadDocument.create(parser, 'file:///api.nomad', text, 1);
    const before = analyze(doc);
    doc.release();
    assert.equal(doc.isReleased, true);
    assert.deepEqual(analyze(doc), before);
    assert.equal(doc.isReleased, false);

    doc.release();
    const at = doc.lines.positionAt(text.indexOf('local_bind_port  = 5432') + 'local_bind_port  = '.length);
    doc.update([{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, text: '9001' }], 2);
    const fresh = NomadDocument.create(parser, 'file:///api.nomad', doc.text, 2);
    assert.deepEqual(analyze(doc), analyze(fresh));
    fresh.dispose();
    doc.dispose();
    assert.throws(() => doc.tree, /disposed/);
  });

  it('the store keeps only the most recently used documents parsed', async () => {
    const parser = await sharedParser();
    const store = new DocumentStore(parser, 2);
    const text = example('native/db.nomad.hcl');
    const uris = ['a', 'b', 'c'].map((n) => `file:///${n}.nomad`);
    for (const uri of uris) analyze(store.open(uri, text, 1));
    const parsed = () => uris.filter((u) => !store.all().find((d) => d.uri === u)!.isReleased);
    assert.deepEqual(parsed(), uris.slice(1));
    const a = store.get(uris[0])!;
    void a.model;
    assert.deepEqual(parsed(), [uris[0], uris[2]]);
    for (const uri of uris) store.close(uri);
  });
});
