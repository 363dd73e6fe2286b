import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateJob } from '../../scripts/bench/generate';
import { analyze } from '../../server/src/core/analyze';
import { NomadDocument } from '../../server/src/core/document';
import { catalogFor } from '../../server/src/core/nomadEnv/catalog';
import { siteOf } from '../../server/src/core/nomadEnv/scope';
import { LineIndex } from '../../server/src/core/text';
import { NEWEST_NOMAD } from '../../server/src/core/version';
import type { NomadFile } from '../../server/src/core/model/types';
import { EXAMPLES, sharedParser } from '../helpers/documents';

/**
 * The model keeps the groups an edit did not touch (model/reuse.ts), and with them the caches
 * keyed by Group (runtime-variable catalogs…). After any edit, the model must still be
 * isomorphic to a fresh build and the findings equal. Edits are random but seeded.
 */

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Edits that keep lines (most typing) are frequent; line breaks and structure also occur. */
const SNIPPETS = ['x', '1', ' ', '-', '_', '\n', '"', '{', '}', '${', 'NOMAD_META_team', 'NOMAD_UPSTREAM_ADDR_', '\n    port "p" {}\n', '#', '=', '\n  meta {\n    team = "a"\n  }\n'];

/**
 * The object graph as text, in walk order; an object met again is written as a reference to
 * its first visit, so back-references (group.job, task.group…) are compared by position.
 */
function snapshot(root: unknown): string {
  const ids = new Map<object, number>();
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') {
      out.push(JSON.stringify(v) ?? 'undefined');
      return;
    }
    const seen = ids.get(v);
    if (seen !== undefined) {
      out.push(`#${seen}`);
      return;
    }
    ids.set(v, ids.size);
    if (Array.isArray(v)) {
      out.push('[');
      v.forEach(walk);
      out.push(']');
      return;
    }
    out.push('{');
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      out.push(k, ':');
      walk(x);
    }
    out.push('}');
  };
  walk(root);
  return out.join(' ');
}

/** The model's fields, with the interpolations its prototype joins on first use. */
function graph(model: NomadFile): object {
  return { ...model, interpolations: model.interpolations };
}

/** The runtime variables each interpolation's scope sees (catalogs are cached per Group). */
function catalogs(doc: NomadDocument): string {
  return doc.model.interpolations
    .map((i) => {
      const scope = siteOf(i).scope;
      return scope ? catalogFor(scope, NEWEST_NOMAD).vars.map((v) => `${v.raw}@${JSON.stringify(v.declRange)}`).join(',') : '-';
    })
    .join('\n');
}

function sources(): { name: string; text: string }[] {
  const files = readdirSync(path.join(EXAMPLES, 'native')).map((f) => path.join(EXAMPLES, 'native', f));
  const generated = generateJob({ seed: 7, job: 'inc', groups: 3 }).text.replace('  type        = "service"\n', '  type        = "service"\n  meta {\n    team = "core"\n  }\n');
  return [...files.map((f) => ({ name: path.relative(EXAMPLES, f), text: readFileSync(f, 'utf8') })), { name: 'generated 3-group job with job meta', text: generated }];
}

describe('incremental model (groups kept across edits)', () => {
  for (const source of sources()) {
    it(`equals a fresh build after 60 random edits (each undone) of ${source.name}`, async () => {
      const parser = await sharedParser();
      const random = prng(source.text.length * 31 + 17);
      let text = source.text;
      const doc = NomadDocument.create(parser, 'file:///inc.nomad', text, 1);
      analyze(doc);
      let version = 1;
      const check = (what: string) => {
        const fresh = NomadDocument.create(parser, 'file:///inc.nomad', text, version);
        assert.equal(snapshot(graph(doc.model)), snapshot(graph(fresh.model)), `model ${what}`);
        assert.deepEqual(analyze(doc), analyze(fresh), `findings ${what}`);
        assert.equal(catalogs(doc), catalogs(fresh), `catalogs ${what}`);
        fresh.dispose();
      };
      const apply = (a: number, b: number, insert: string) => {
        const lines = new LineIndex(text);
        const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
        doc.update([{ range, text: insert }], ++version);
        text = text.slice(0, a) + insert + text.slice(b);
        return `edit ${version} (${JSON.stringify(range)} → ${JSON.stringify(insert)})`;
      };
      // Each random edit is undone right after, so the file stays mostly valid and most groups
      // are kept; both versions are compared with a fresh build.
      for (let step = 0; step < 60; step++) {
        const a = Math.floor(random() * (text.length + 1));
        const b = Math.min(text.length, a + (random() < 0.3 ? Math.floor(random() * 8) : 0));
        const insert = random() < 0.85 ? SNIPPETS[Math.floor(random() * SNIPPETS.length)] : '';
        const removed = text.slice(a, b);
        const what = apply(a, b, insert);
        // Now and then a version whose model nobody asks for: the next one must not reuse stale groups.
        if (random() >= 0.1) check(what);
        check(`undoing ${apply(a, a + insert.length, removed)}`);
      }
      doc.dispose();
    });
  }

  for (const source of sources()) {
    it(`equals a fresh build after 60 structural edits of ${source.name}`, async () => {
      const parser = await sharedParser();
      const random = prng(source.text.length * 13 + 5);
      const doc = NomadDocument.create(parser, 'file:///inc.nomad', source.text, 1);
      void doc.model;
      for (let version = 2; version < 62; version++) {
        const text = doc.text;
        const lines = doc.lines;
        const line = Math.floor(random() * lines.lineCount);
        const lineEnd = lines.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
        const kind = random();
        // Whole lines removed, a chunk pasted again, or typing at a line's end (new lines move the groups below).
        let a = lineEnd;
        let b = lineEnd;
        let insert = ['\n', ' x', '"', '}', '{', '\n  meta {\n    team = "a"\n  }'][Math.floor(random() * 6)];
        if (kind < 0.3) {
          a = lines.offsetAt({ line, character: 0 });
          b = lines.offsetAt({ line: line + 1 + Math.floor(random() * 3), character: 0 });
          insert = '';
        } else if (kind < 0.5) {
          a = b = Math.floor(random() * text.length);
          insert = text.slice(a, Math.min(text.length, a + Math.floor(random() * 200)));
        }
        const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
        doc.update([{ range, text: insert }], version);
        if (random() < 0.15) continue; // a version nobody asks the model of
        const fresh = NomadDocument.create(parser, 'file:///inc.nomad', doc.text, version);
        const what = `edit ${version} (${JSON.stringify(range)} → ${JSON.stringify(insert)})`;
        assert.equal(snapshot(graph(doc.model)), snapshot(graph(fresh.model)), `model after ${what}`);
        assert.equal(catalogs(doc), catalogs(fresh), `catalogs after ${what}`);
        fresh.dispose();
      }
      doc.dispose();
    });
  }

  it('rebuilds kept groups when the job meta they read changes', async () => {
    const parser = await sharedParser();
    const text = ['job "m" {', '  group "g" {', '    task "t" {', '      env {', '        TEAM = "${NOMAD_META_team}"', '      }', '    }', '  }', '  meta {', '    team = "core"', '  }', '}', ''].join('\n');
    const doc = NomadDocument.create(parser, 'file:///meta.nomad', text, 1);
    assert.match(catalogs(doc), /NOMAD_META_team@/);
    doc.update([{ range: { start: { line: 9, character: 4 }, end: { line: 9, character: 8 } }, text: 'crew' }], 2);
    assert.doesNotMatch(catalogs(doc), /NOMAD_META_team@/);
    assert.match(catalogs(doc), /NOMAD_META_crew@/);
    doc.dispose();
  });

  it('moves the layout findings of kept blocks with them', async () => {
    const parser = await sharedParser();
    const text = ['job "j" {', '  group "a" {', '    count = 1', '  }', '  group "b" {', '    count = 1 x = 2', '  }', '}', ''].join('\n');
    const doc = NomadDocument.create(parser, 'file:///layout.nomad', text, 1);
    assert.deepEqual(analyze(doc).map((f) => f.range.start.line), [5]);
    doc.update([{ range: { start: { line: 2, character: 13 }, end: { line: 2, character: 13 } }, text: '\n    y = 2' }], 2);
    const fresh = NomadDocument.create(parser, 'file:///layout.nomad', doc.text, 2);
    assert.deepEqual(analyze(doc), analyze(fresh));
    assert.deepEqual(analyze(doc).map((f) => f.range.start.line), [6]);
    fresh.dispose();
    doc.dispose();
  });

  it('keeps the untouched groups of a typing edit and rebuilds the touched one', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 3, job: 'keep', groups: 4 });
    const doc = NomadDocument.create(parser, 'file:///keep.nomad', job.text, 1);
    const before = doc.model.jobs[0].groups;
    const at = job.marks.editAt;
    doc.update([{ range: { start: at, end: at }, text: 'x' }], 2);
    const after = doc.model.jobs[0].groups;
    const touched = after.findIndex((g) => g.block.range.start.line <= at.line && at.line <= g.block.range.end.line);
    assert.ok(touched >= 0);
    after.forEach((g, i) => assert.equal(g === before[i], i !== touched, `group ${i} kept: ${g === before[i]}`));
    after.forEach((g) => assert.equal(g.job, doc.model.jobs[0]));
    doc.dispose();
  });
});
