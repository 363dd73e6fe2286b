import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeLenses } from '../../server/src/core/features/codeLens';
import { connectPairs } from '../../server/src/core/features/connectPairs';
import type { Range } from '../../server/src/core/types';
import { example, fixture, parseDoc } from '../helpers/documents';

/** The intentions a job file implies (source = service, destination = each upstream), and their code lenses. */

function textAt(text: string, range: Range): string {
  const lines = text.split('\n');
  return lines[range.start.line].slice(range.start.character, range.end.line === range.start.line ? range.end.character : undefined);
}

describe('connect pairs', () => {
  it('native and manual upstreams; templates, prepared queries and malformed flags skipped', async () => {
    const text = fixture('intentions/pairs.nomad');
    const doc = await parseDoc(text);
    const pairs = connectPairs(doc.model);
    assert.deepEqual(
      pairs.map((p) => [p.kind, p.source, p.destination, textAt(text, p.range)]),
      [
        ['native', 'front', 'cart', '"cart"'],
        ['native', 'front', 'catalog', '"catalog"'],
        ['manual', 'billing', 'ledger', 'ledger:${NOMAD_PORT_ledger}'],
        ['manual', 'billing', 'fx', 'fx.service:127.0.0.1:9100'],
      ],
    );
  });

  it('examples: native web → api, manual web → db', async () => {
    const native = connectPairs((await parseDoc(example('native/web.nomad.hcl'))).model);
    assert.deepEqual(native.map((p) => `${p.source} → ${p.destination}`), ['web → api']);
    const manual = connectPairs((await parseDoc(example('seed-web.nomad'))).model);
    assert.deepEqual(manual.map((p) => `${p.source} → ${p.destination}`), ['web → db']);
  });

  it('one "Allow … in Consul" lens per pair, running nomadConnect.allowService with the pair', async () => {
    const doc = await parseDoc(fixture('intentions/pairs.nomad'));
    const lenses = codeLenses(doc.model);
    assert.deepEqual(
      lenses.map((l) => [l.title, l.command, l.arguments]),
      [
        ['Allow front → cart in Consul', 'nomadConnect.allowService', [{ source: 'front', destination: 'cart', replaceDeny: 'ask' }]],
        ['Allow front → catalog in Consul', 'nomadConnect.allowService', [{ source: 'front', destination: 'catalog', replaceDeny: 'ask' }]],
        ['Allow billing → ledger in Consul', 'nomadConnect.allowService', [{ source: 'billing', destination: 'ledger', replaceDeny: 'ask' }]],
        ['Allow billing → fx in Consul', 'nomadConnect.allowService', [{ source: 'billing', destination: 'fx', replaceDeny: 'ask' }]],
      ],
    );
    assert.deepEqual(lenses.map((l) => l.range), connectPairs(doc.model).map((p) => p.range));
  });
});
