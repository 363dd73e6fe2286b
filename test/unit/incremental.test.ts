import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { NomadDocument } from '../../server/src/core/document';
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
