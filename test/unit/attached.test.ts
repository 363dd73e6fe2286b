import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Attached } from '../../server/src/core/attached';

/** Per-object caches (core/attached.ts) sit on model and view objects that tests compare deeply. */
describe('Attached', () => {
  it('keeps a value per object and answers has/get like a WeakMap', () => {
    const table = new Attached<object, number>();
    const a = {};
    const b = {};
    assert.equal(table.has(a), false);
    assert.equal(table.get(a), undefined);
    table.set(a, 1);
    table.set(a, 2);
    assert.equal(table.get(a), 2);
    assert.equal(table.has(b), false);
    assert.equal(new Attached<object, number>().get(a), undefined, 'two tables are apart');
  });

  it('is invisible to deep equality, keys, spreads and JSON', () => {
    const table = new Attached<{ name: string }, string[]>();
    const kept = { name: 'web' };
    table.set(kept, ['cached']);
    assert.deepStrictEqual(kept, { name: 'web' });
    assert.deepEqual(Object.keys(kept), ['name']);
    assert.equal(JSON.stringify(kept), '{"name":"web"}');
    assert.equal(table.get({ ...kept }), undefined);
  });
});
