import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NomadDocument } from '../../server/src/core/document';
import { example, sharedParser } from '../helpers/documents';
import { int, pick, prng, randomBinary, randomToken } from '../fuzz/inputs';

/**
 * Incremental sync against the reference: after any sequence of LSP content changes, our document
 * holds exactly the text vscode-languageserver-textdocument (what editors implement) holds, and its
 * tree and views equal a fresh parse. Line breaks of every kind, surrogates and binary included.
 */
describe('incremental sync equals the LSP reference implementation', () => {
  for (const [name, seed] of [['seed-db.nomad', 1], ['seed-web.nomad', 2], ['native/api.nomad.hcl', 3]] as const) {
    it(`stays equal over 300 random edits of ${name} (seed ${seed})`, async () => {
      const parser = await sharedParser();
      const random = prng(seed);
      const start = example(name).replace(/\n/g, () => pick(random, ['\n', '\n', '\r\n', '\r']));
      const reference = TextDocument.create('file:///a.nomad', 'nomad', 1, start);
      const doc = NomadDocument.create(parser, 'file:///a.nomad', start, 1);
      for (let version = 2; version < 302; version++) {
        // One notification may carry several changes, each relative to the text after the previous.
        const changes = Array.from({ length: random() < 0.8 ? 1 : 3 }, () => {
          const text = reference.getText();
          const a = int(random, text.length + 1);
          const b = Math.min(text.length, a + (random() < 0.4 ? int(random, 10) : 0));
          const range =
            random() < 0.1
              ? { start: { line: int(random, reference.lineCount + 2), character: int(random, 90) }, end: { line: reference.lineCount + 1, character: 0 } }
              : { start: reference.positionAt(a), end: reference.positionAt(b) };
          const change = { range, text: random() < 0.15 ? randomBinary(random, 4) : randomToken(random) };
          // Positions past the end clamp (LSP); the reference's line table does not survive them unclamped.
          const clamped = { start: reference.positionAt(reference.offsetAt(range.start)), end: reference.positionAt(reference.offsetAt(range.end)) };
          TextDocument.update(reference, [{ range: clamped, text: change.text }], version);
          return change;
        });
        doc.update(changes, version);
        assert.equal(doc.text, reference.getText(), `text after edit ${version}: ${JSON.stringify(changes)}`);
        if (version % 50 === 0) {
          const fresh = NomadDocument.create(parser, 'file:///b.nomad', doc.text, version);
          assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString(), `tree after edit ${version}`);
          fresh.dispose();
        }
      }
      doc.dispose();
    });
  }
});
