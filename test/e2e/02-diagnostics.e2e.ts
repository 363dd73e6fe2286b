import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, codeOf, diagnostics, open } from './helpers';

const has = (code: string) => (ds: vscode.Diagnostic[]) => ds.some((d) => codeOf(d) === code);

describe('diagnostics', () => {
  before(activated);

  it('flags the seed db job: -service-addr uses the host address while the db binds loopback (NCX-L08)', async () => {
    const { document } = await open('seed-db.nomad');
    const ds = await diagnostics(document.uri, 'NCX-L08', has('NCX-L08'));
    const l08 = ds.find((d) => codeOf(d) === 'NCX-L08')!;
    assert.equal(l08.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(document.getText(l08.range), /NOMAD_ADDR_db_tcp/);
  });

  it('flags the seed web job: the app dials its upstream through NOMAD_ADDR_* (NCX-L08)', async () => {
    const { document } = await open('seed-web.nomad');
    const ds = await diagnostics(document.uri, 'NCX-L08', has('NCX-L08'));
    const l08 = ds.find((d) => codeOf(d) === 'NCX-L08')!;
    assert.equal(l08.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(document.getText(l08.range), /NOMAD_ADDR_proxy_tcp/);
  });

  it('reports the errors of a broken native Connect job', async () => {
    const { document } = await open('broken-native.nomad');
    const expected = ['NCX-N02', 'NCX-N03', 'NCX-N05'];
    const ds = await diagnostics(document.uri, expected.join(', '), (all) => expected.every((c) => has(c)(all)));
    for (const code of expected) {
      const d = ds.find((x) => codeOf(x) === code)!;
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error, `${code} is an error`);
      assert.ok(typeof d.code === 'object' && d.code.target.toString().includes('rules'), `${code} links to its rule documentation`);
    }
    const n03 = ds.find((d) => codeOf(d) === 'NCX-N03')!;
    assert.equal(document.getText(n03.range).replace(/"/g, ''), 'Cart');
  });
});
