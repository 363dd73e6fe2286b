import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../helpers/documents';

/**
 * The import rules of ARCHITECTURE.md ("Layers and what each may import"), checked on the sources:
 * the analysis core stays free of LSP and I/O, so the server, the CLI and the tests share it.
 */

function sources(folder: string): string[] {
  return readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(folder, f));
}

/** Every module a file imports or requires, resolved to a project path when relative. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(PROJECT_ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3] ?? m[4],
  );
  return specs.map((s) => (s.startsWith('.') ? path.join(path.dirname(file), s) : s));
}

function violations(folder: string, forbidden: (spec: string) => boolean): string[] {
  return sources(folder).flatMap((f) => importsOf(f).filter(forbidden).map((spec) => `${f} imports ${spec}`));
}

const isLsp = (s: string) => /^vscode-languageserver|^vscode-jsonrpc/.test(s);
const isVscode = (s: string) => s === 'vscode' || s.startsWith('vscode-languageclient');
const isIo = (s: string) => /^(node:)?(fs|fs\/promises|net|http|https|tls|child_process|dgram|worker_threads)$/.test(s);
const under = (dir: string) => (s: string) => s === dir || s.startsWith(`${dir}/`);

describe('layers import only what ARCHITECTURE.md allows', () => {
  it('finds the sources it checks', () => {
    assert.ok(sources('server/src/core').length > 20);
    assert.ok(importsOf('server/src/core/analyze.ts').length > 0, 'the import scanner sees imports');
  });

  it('server/src/core: no LSP packages, no vscode, no I/O, nothing from lsp/, node/, cli/ or the client', () => {
    assert.deepEqual(
      violations('server/src/core', (s) => isLsp(s) || isVscode(s) || isIo(s) || under('server/src/lsp')(s) || under('server/src/node')(s) || under('server/src/cli')(s) || under('client')(s)),
      [],
    );
  });

  it('server/src/node and server/src/cli: no LSP packages, no vscode', () => {
    const bad = (s: string) => isLsp(s) || isVscode(s) || under('server/src/lsp')(s) || under('client')(s);
    assert.deepEqual([...violations('server/src/node', bad), ...violations('server/src/cli', bad)], []);
  });

  it('server/src/lsp: no vscode, no client code', () => {
    assert.deepEqual(violations('server/src/lsp', (s) => isVscode(s) || under('client')(s)), []);
  });

  it('client/src: nothing from server/', () => {
    assert.deepEqual(violations('client/src', under('server')), []);
  });

  it('the checks can fail: a core file importing the LSP package is reported', () => {
    const fake = importsOf('server/src/lsp/main.ts');
    assert.ok(fake.some(isLsp), 'lsp/main.ts imports vscode-languageserver, so the predicate matches real imports');
  });
});
