import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateJob } from '../../scripts/bench/generate';
import { NomadDocument } from '../../server/src/core/document';
import { buildHclFile, type HclBlock } from '../../server/src/core/hcl/ast';
import { normalizeLineBreaks } from '../../server/src/core/parse';
import { LineIndex } from '../../server/src/core/text';
import { EXAMPLES, sharedParser } from '../helpers/documents';

/**
 * After any edit, the HCL view and model built incrementally (reusing untouched blocks) must equal
 * what a fresh parse of the new text gives. Edits are random but seeded, so a failure reproduces.
 */

function examples(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.nomad(\.hcl)?$/.test(e.name)) files.push(full);
    }
  };
  walk(EXAMPLES);
  return files.sort();
}

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SNIPPETS = ['x', ' ', '\n', '"', '{', '}', '${', 'NOMAD_PORT_', '\n    port "p" {}\n', '#', '=', '<<EOF\n', '😀'];

/** A view without the back-references that make JSON comparison impossible. */
function comparable(doc: NomadDocument): string {
  return JSON.stringify(doc.hcl);
}

describe('incremental rebuild of the HCL view', () => {
  for (const file of examples()) {
    it(`equals a fresh build after 150 random edits of ${path.relative(EXAMPLES, file)}`, async () => {
      const parser = await sharedParser();
      const random = prng(file.length * 7919);
      let text = readFileSync(file, 'utf8');
      const doc = NomadDocument.create(parser, 'file:///inc.nomad', text, 1);
      void doc.hcl;
      for (let version = 2; version < 152; version++) {
        const lines = new LineIndex(text);
        const a = Math.floor(random() * (text.length + 1));
        const del = random() < 0.4 ? Math.floor(random() * 12) : 0;
        const b = Math.min(text.length, a + del);
        const insert = random() < 0.8 ? SNIPPETS[Math.floor(random() * SNIPPETS.length)] : '';
        const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
        doc.update([{ range, text: insert }], version);
        text = text.slice(0, a) + insert + text.slice(b);
        assert.equal(doc.text, text);
        const fresh = NomadDocument.create(parser, 'file:///fresh.nomad', text, version);
        assert.equal(comparable(doc), comparable(fresh), `after edit ${version} (${JSON.stringify(range)} → ${JSON.stringify(insert)})`);
        fresh.dispose();
      }
      doc.dispose();
    });
  }
});

/** Edits that change structure: whole lines removed, chunks pasted (lines doubled), typing at a line's end, lines joined. */
function structuralEdit(text: string, random: () => number): { a: number; b: number; insert: string } {
  const lines = new LineIndex(text);
  const line = Math.floor(random() * lines.lineCount);
  const kind = random();
  if (kind < 0.25) {
    const last = Math.min(lines.lineCount - 1, line + Math.floor(random() * 4));
    return { a: lines.offsetAt({ line, character: 0 }), b: lines.offsetAt({ line: last + 1, character: 0 }), insert: '' };
  }
  if (kind < 0.45) {
    const a = Math.floor(random() * text.length);
    const chunk = text.slice(a, Math.min(text.length, a + Math.floor(random() * 300)));
    return { a, b: a, insert: random() < 0.5 ? chunk : chunk.replace(/\n/g, '\n\n') };
  }
  if (kind < 0.75) {
    const end = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
    return { a: end, b: end, insert: ['{', '}', '"', ' # note', ' x', '\n}', '\n  a = 1', ' {}'][Math.floor(random() * 8)] };
  }
  const end = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  return { a: end, b: Math.min(text.length, end + 1 + Math.floor(random() * 6)), insert: random() < 0.5 ? '' : ' ' };
}

/** Every Position object in a view belongs to one Range (reuse.ts moves them in place). */
function assertNoSharedPositions(view: HclBlock): void {
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if ('line' in v && 'character' in v) {
      assert.ok(!seen.has(v), 'a Position object is shared');
      seen.add(v);
      return;
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(view);
}

describe('incremental rebuild of the HCL view after structural edits', () => {
  for (const file of examples()) {
    it(`equals a whole walk of the same tree after 150 structural edits of ${path.relative(EXAMPLES, file)}`, async () => {
      const parser = await sharedParser();
      const random = prng(file.length * 104729);
      const doc = NomadDocument.create(parser, 'file:///inc.nomad', readFileSync(file, 'utf8'), 1);
      void doc.hcl;
      for (let version = 2; version < 152; version++) {
        const { a, b, insert } = structuralEdit(doc.text, random);
        const lines = doc.lines;
        const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
        doc.update([{ range, text: insert }], version);
        // The reparsed tree itself can differ from a fresh parse after error recovery; the view
        // must equal what a whole walk of that very tree gives.
        const whole = buildHclFile(doc.tree, normalizeLineBreaks(doc.text), doc.lines);
        assert.deepEqual(doc.hcl, whole, `after edit ${version} (${JSON.stringify(range)} → ${JSON.stringify(insert)})`);
        assertNoSharedPositions(doc.hcl);
      }
      doc.dispose();
    });
  }

  it('takes over the attributes and blocks an edit did not touch, moved by the lines it added', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 5, job: 'reuse', groups: 3 });
    const doc = NomadDocument.create(parser, 'file:///reuse.nomad', job.text, 1);
    const before = doc.hcl.blocks[0];
    const at = job.marks.editAt;
    const touched = before.blocks.findIndex((g) => g.range.start.line <= at.line && at.line <= g.range.end.line);
    const lastLine = before.blocks[2].range.start.line;
    doc.update([{ range: { start: at, end: at }, text: 'x\n' }], 2);
    const after = doc.hcl.blocks[0];
    assert.ok(touched >= 0 && touched < 2);
    assert.notEqual(after.blocks[touched], before.blocks[touched]);
    after.blocks.forEach((g, i) => assert.equal(g === before.blocks[i], i !== touched, `group ${i} taken over`));
    after.attributes.forEach((a, i) => assert.equal(a, before.attributes[i], `job attribute ${i} taken over`));
    assert.equal(after.blocks[2].range.start.line, lastLine + 1);
    assert.deepEqual(doc.hcl, NomadDocument.create(parser, 'file:///fresh.nomad', doc.text, 2).hcl);
    doc.dispose();
  });
});
