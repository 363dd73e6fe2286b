import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentSymbols, type OutlineSymbol } from '../../server/src/core/features/symbols';
import { example, fixture, parseDoc } from '../helpers/documents';

/** Renders an outline as indented `kind name` lines, the shape a person sees. */
function render(symbols: OutlineSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.kind} ${s.name}`, ...render(s.children, depth + 1)]);
}

describe('document symbols (outline)', () => {
  it('shows job > group > task > network > port for the seed db job', async () => {
    const doc = await parseDoc(example('seed-db.nomad'));
    assert.deepEqual(render(documentSymbols(doc.model)), [
      'job db',
      '  group db',
      '    task db',
      '      network network',
      '        port tcp',
      '    task connect-proxy',
      '      network network',
      '        port tcp',
    ]);
  });

  it('shows manual upstreams under the proxy task', async () => {
    const doc = await parseDoc(example('seed-web.nomad'));
    assert.ok(render(documentSymbols(doc.model)).includes('      upstream db:${NOMAD_PORT_tcp}'));
  });

  it('shows group network, service and its upstreams for native Connect', async () => {
    const doc = await parseDoc(example('native/web.nomad.hcl'));
    assert.deepEqual(render(documentSymbols(doc.model)), [
      'job web',
      '  group web',
      '    network network',
      '      port http',
      '    service web',
      '      upstream api',
      '    task web',
    ]);
  });

  it('shows gateway and native services, and a task-level service and network under their task', async () => {
    const doc = await parseDoc(fixture('model/connect-everything.nomad'));
    assert.deepEqual(render(documentSymbols(doc.model)).slice(8), [
      '  group edge',
      '    network network',
      '      port inbound',
      '    service ingress',
      '    service app-native',
      '    task app',
      '      network network',
      '        port web',
      '      service app',
    ]);
  });

  it('keeps every selection range inside its range', async () => {
    const doc = await parseDoc(example('native/api.nomad.hcl'));
    const check = (s: OutlineSymbol) => {
      const inside = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(inside(s.range.start, s.selectionRange.start) && inside(s.selectionRange.end, s.range.end), s.name);
      s.children.forEach(check);
    };
    documentSymbols(doc.model).forEach(check);
  });
});
