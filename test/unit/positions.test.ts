import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../../server/src/core/analyze';
import { documentSymbols, type OutlineSymbol } from '../../server/src/core/features/symbols';
import { LineIndex } from '../../server/src/core/text';
import type { Range } from '../../server/src/core/types';
import { fixture, parseDoc } from '../helpers/documents';

/**
 * LSP positions count UTF-16 code units; so does web-tree-sitter for string input. These tests pin
 * that down on a job with emoji (two code units each) and CJK (one each) in comments, labels and
 * strings, and pin down line breaks: "\n", "\r\n" and a lone "\r" all end a line, as in LSP.
 */

const UNICODE = fixture('robustness/unicode.nomad');

/** The range of the n-th occurrence of `needle`, computed independently of our code. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  const ref = TextDocument.create('file:///r.nomad', 'nomad', 1, text);
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.notEqual(at, -1, `${needle} not found`);
  return { start: ref.positionAt(at), end: ref.positionAt(at + needle.length) };
}

function find(symbols: OutlineSymbol[], name: string): OutlineSymbol | undefined {
  for (const s of symbols) {
    if (s.name === name) return s;
    const inner = find(s.children, name);
    if (inner) return inner;
  }
  return undefined;
}

describe('positions with non-ASCII text', () => {
  it('gives outline selection ranges in UTF-16 code units behind emoji and CJK', async () => {
    const doc = await parseDoc(UNICODE);
    const symbols = documentSymbols(doc.model);
    assert.deepEqual(find(symbols, 'web-😀')?.selectionRange, rangeOf(UNICODE, '"web-😀"'));
    assert.deepEqual(find(symbols, '前端')?.selectionRange, rangeOf(UNICODE, '"前端"'));
    assert.deepEqual(find(symbols, '服务-🚀')?.selectionRange, rangeOf(UNICODE, '"服务-🚀"'));
  });

  it('gives interpolation ranges inside strings with emoji and CJK', async () => {
    const doc = await parseDoc(UNICODE);
    const names = doc.model.interpolations.map((i) => [i.name, i.range]);
    assert.deepEqual(names.find(([n]) => n === 'NOMAD_PORT_http')?.[1], rangeOf(UNICODE, 'NOMAD_PORT_http'));
    assert.deepEqual(names.find(([n]) => n === 'NOMAD_ADDR_http')?.[1], rangeOf(UNICODE, 'NOMAD_ADDR_http'));
  });

  it('puts a syntax error behind emoji and CJK at its exact column', async () => {
    const text = UNICODE.replace('"标签"]', '"标签]');
    const doc = await parseDoc(text);
    const syntax = analyze(doc).filter((f) => f.code === 'syntax');
    assert.equal(syntax.length, 1, JSON.stringify(syntax));
    assert.equal(syntax[0].message, 'unterminated string: missing the closing `"` on this line');
    const quote = rangeOf(text, '"标签]').start;
    assert.deepEqual(syntax[0].range, { start: quote, end: { line: quote.line, character: quote.character + 1 } });
    assert.equal(quote.character, text.split('\n')[quote.line].indexOf('"标签'));
  });

  it('applies an incremental edit right after an emoji like a fresh parse', async () => {
    const ref = TextDocument.create('file:///r.nomad', 'nomad', 1, UNICODE);
    const doc = await parseDoc(UNICODE);
    void doc.hcl;
    const at = UNICODE.indexOf('😀😀') + 2;
    const change = { range: { start: ref.positionAt(at), end: ref.positionAt(at + 2) }, text: '中' };
    TextDocument.update(ref, [change], 2);
    doc.update([change], 2);
    assert.equal(doc.text, ref.getText());
    assert.ok(doc.text.includes('"😀中"'));
    const fresh = await parseDoc(ref.getText());
    assert.deepEqual(documentSymbols(doc.model), documentSymbols(fresh.model));
    assert.deepEqual(JSON.stringify(doc.hcl), JSON.stringify(fresh.hcl));
  });

  it('keeps positions exact around lone surrogates', async () => {
    const text = 'job "a\uD83Db" {\n  group "\uDE00g" {}\n}\n';
    const doc = await parseDoc(text);
    assert.deepEqual(analyze(doc).filter((f) => f.code === 'syntax'), []);
    assert.deepEqual(find(documentSymbols(doc.model), '\uDE00g')?.selectionRange, rangeOf(text, '"\uDE00g"'));
  });
});

describe('line breaks', () => {
  it('counts "\\n", "\\r\\n" and a lone "\\r" as one line break each, as LSP does', () => {
    const text = 'a\nb\r\nc\rd\r';
    const ours = new LineIndex(text);
    const ref = TextDocument.create('file:///r', 'x', 1, text);
    assert.equal(ours.lineCount, ref.lineCount);
    for (let offset = 0; offset <= text.length; offset++) {
      if (text[offset - 1] === '\r' && text[offset] === '\n') continue; // inside "\r\n": no LSP position
      assert.deepEqual(ours.positionAt(offset), ref.positionAt(offset), `offset ${offset}`);
      assert.equal(ours.offsetAt(ref.positionAt(offset)), offset);
    }
    assert.deepEqual([0, 1, 2, 3, 4].map((l) => ours.lineText(l)), ['a', 'b', 'c', 'd', '']);
  });

  it('clamps a character past the end of a line to before its line break', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), 6);
    assert.equal(lines.offsetAt({ line: -1, character: 3 }), 0);
  });

  for (const [name, eol] of [['CRLF', '\r\n'], ['lone CR', '\r'], ['mixed', '\n']] as const) {
    it(`gives the same outline lines for a ${name} job as LSP counts them`, async () => {
      let i = 0;
      const text = UNICODE.replace(/\n/g, () => (name === 'mixed' ? ['\n', '\r\n', '\r'][i++ % 3] : eol));
      const doc = await parseDoc(text);
      assert.deepEqual(analyze(doc).filter((f) => f.code === 'syntax'), []);
      assert.deepEqual(find(documentSymbols(doc.model), '服务-🚀')?.selectionRange, rangeOf(text, '"服务-🚀"'));
      assert.deepEqual(find(documentSymbols(doc.model), 'http')?.selectionRange, rangeOf(text, '"http"'));
    });
  }

  it('reparses correctly when an edit joins a lone "\\r" and a "\\n" into one line break', async () => {
    const text = 'job "a" {\r  group "g" {}\r}\r';
    const doc = await parseDoc(text);
    const ref = TextDocument.create('file:///r', 'x', 1, text);
    const change = { range: { start: ref.positionAt(10), end: ref.positionAt(10) }, text: '\n' };
    TextDocument.update(ref, [change], 2);
    doc.update([change], 2);
    assert.equal(doc.text, 'job "a" {\r\n  group "g" {}\r}\r');
    const fresh = await parseDoc(doc.text);
    assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    assert.deepEqual(find(documentSymbols(doc.model), 'g')?.selectionRange, rangeOf(doc.text, '"g"'));
  });
});

describe('LineIndex after edits', () => {
  /** Every line start, and every offset's position, as a fresh index of the same text gives them. */
  function assertSameIndex(ours: LineIndex, text: string, what: string): void {
    const fresh = new LineIndex(text);
    assert.equal(ours.lineCount, fresh.lineCount, what);
    for (let l = 0; l < fresh.lineCount; l++) assert.equal(ours.lineStart(l), fresh.lineStart(l), `${what}: line ${l}`);
    for (let o = 0; o <= text.length; o += 7) {
      assert.deepEqual(ours.positionAt(o), fresh.positionAt(o), `${what}: offset ${o}`);
      assert.equal(ours.lineAt(o, (o * 31) % fresh.lineCount), fresh.lineAt(o), `${what}: lineAt ${o}`);
    }
    assert.equal(ours.lineText(fresh.lineCount - 1), fresh.lineText(fresh.lineCount - 1), what);
  }

  it('equals a fresh index after runs of typing on one line, other lines, line breaks and joins; older indexes stay as they were', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000);
    let text = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i % 4)}line ${i} = "${'v'.repeat(i % 9)}"`).join('\n');
    let lines = new LineIndex(text);
    const history: { lines: LineIndex; text: string }[] = [];
    let line = 5;
    for (let step = 0; step < 600; step++) {
      const kind = random();
      // Mostly typing on the current line (the shift is then moved, not copied), sometimes elsewhere.
      if (kind < 0.15) line = Math.floor(random() * lines.lineCount);
      const lineStart = lines.lineStart(line);
      const lineEnd = line + 1 < lines.lineCount ? lines.lineStart(line + 1) - 1 : text.length;
      const at = lineStart + Math.floor(random() * (lineEnd - lineStart + 1));
      let start = at;
      let end = at;
      let inserted = '';
      if (kind < 0.55) inserted = 'x'.repeat(1 + Math.floor(random() * 3));
      else if (kind < 0.8) end = Math.min(lineEnd, at + 1 + Math.floor(random() * 2));
      else if (kind < 0.88) inserted = random() < 0.5 ? '\n' : 'a\n  b\n';
      else if (kind < 0.95) end = Math.min(text.length, lineEnd + 1 + Math.floor(random() * 5)); // joins lines
      else [start, end, inserted] = [0, Math.floor(random() * 3), random() < 0.5 ? '' : 'y\n'];
      const newText = text.slice(0, start) + inserted + text.slice(end);
      history.push({ lines, text });
      lines = lines.edited(start, end, inserted, newText);
      text = newText;
      line = Math.min(line, lines.lineCount - 1);
      assertSameIndex(lines, text, `step ${step}`);
    }
    for (const [k, old] of history.entries()) if (k % 25 === 0) assertSameIndex(old.lines, old.text, `version ${k}, read after later edits`);
  });
});
