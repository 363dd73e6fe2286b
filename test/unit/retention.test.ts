import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../server/src/core/analyze';
import { NomadDocument } from '../../server/src/core/document';
import { example, sharedParser } from '../helpers/documents';

/**
 * A document keeps what an edit can reuse from the version before (view items, groups, their
 * caches), never the older versions themselves: a model or view reaching back to the previous
 * one (a closure over `previous`, a cache keyed the wrong way) would keep every version alive.
 */
describe('retention across edits', () => {
  it('lets the model and view of an old version be collected', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const text = example('native/api.nomad.hcl');
    const doc = NomadDocument.create(await sharedParser(), 'file:///r.nomad', text, 1);
    analyze(doc);
    const first = { model: new WeakRef(doc.model), view: new WeakRef(doc.hcl) };
    const at = doc.lines.positionAt(text.indexOf('\n', text.length >> 1));
    for (let v = 2; v < 12; v++) {
      const change = v % 2 === 0 ? { range: { start: at, end: at }, text: 'x' } : { range: { start: at, end: { ...at, character: at.character + 1 } }, text: '' };
      doc.update([change], v);
      analyze(doc);
    }
    // A WeakRef keeps its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    assert.equal(first.model.deref(), undefined, 'the first model is still reachable');
    assert.equal(first.view.deref(), undefined, 'the first view is still reachable');
  });
});
