import { performance } from 'node:perf_hooks';
import { Edit, type Parser, type Tree } from 'web-tree-sitter';
import { analyze } from '../../server/src/core/analyze';
import { NomadDocument } from '../../server/src/core/document';
import { LineIndex } from '../../server/src/core/text';
import type { Pos } from './client';

/**
 * Measurements inside this process, on the same text and the same edits the server gets:
 * the bare tree-sitter reparse (the floor any tree-sitter server pays), the core's work for an
 * edit split into its stages, and full parses (ours and HashiCorp's HCL parser via hcl2json).
 */

/** The one-character edit the bench repeats: type `x` at `at`, then delete it, and so on. */
export function toggleEdit(sample: number, at: Pos): { range: { start: Pos; end: Pos }; text: string } {
  return sample % 2 === 0
    ? { range: { start: at, end: at }, text: 'x' }
    : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
}

function applyToText(text: string, lines: LineIndex, edit: ReturnType<typeof toggleEdit>): { text: string; start: number; oldEnd: number } {
  const start = lines.offsetAt(edit.range.start);
  const oldEnd = lines.offsetAt(edit.range.end);
  return { text: text.slice(0, start) + edit.text + text.slice(oldEnd), start, oldEnd };
}

/** A document kept as tree-sitter alone keeps it: tree.edit() + parse(newText, oldTree) per step (ms). */
function bareReparser(parser: Parser, text: string, at: Pos): { step(i: number): number; dispose(): void } {
  let tree: Tree = parser.parse(text)!;
  // The toggled edit is always at the same place: one line table serves every step.
  const lines = new LineIndex(text);
  return {
    step(i) {
      const edit = toggleEdit(i, at);
      const next = applyToText(text, lines, edit);
      const t0 = performance.now();
      tree.edit(
        new Edit({
          startIndex: next.start,
          oldEndIndex: next.oldEnd,
          newEndIndex: next.start + edit.text.length,
          startPosition: { row: at.line, column: at.character },
          oldEndPosition: { row: edit.range.end.line, column: edit.range.end.character },
          newEndPosition: { row: at.line, column: at.character + edit.text.length },
        }),
      );
      const newTree = parser.parse(next.text, tree)!;
      tree.delete();
      const ms = performance.now() - t0;
      tree = newTree;
      text = next.text;
      return ms;
    },
    dispose: () => tree.delete(),
  };
}

export interface EditStages {
  /** update(): tree.edit + incremental reparse + changed ranges. */
  reparse: number[];
  /** The HCL view, rebuilt reusing untouched blocks. */
  view: number[];
  model: number[];
  /** Syntax findings + all rules + ignore comments. */
  rules: number[];
  total: number[];
}

/** Times the stages after `parse` made a document version: HCL view, model, all rules. */
function timeStages(s: EditStages, parse: () => NomadDocument): NomadDocument {
  const t0 = performance.now();
  const doc = parse();
  const t1 = performance.now();
  void doc.hcl;
  const t2 = performance.now();
  void doc.model;
  const t3 = performance.now();
  analyze(doc);
  const t4 = performance.now();
  s.reparse.push(t1 - t0);
  s.view.push(t2 - t1);
  s.model.push(t3 - t2);
  s.rules.push(t4 - t3);
  s.total.push(t4 - t0);
  return doc;
}

/**
 * The bare reparse and the core's work (NomadDocument.update + analyze, stage by stage) for the
 * same edits. Both first run `warm` edits that are not counted (a server being typed into runs
 * optimised code), then each is sampled on its own, so neither pays for the other's garbage.
 */
export function editComparison(parser: Parser, text: string, at: Pos, samples: number, warm: number): { bare: number[]; core: EditStages } {
  const bare = bareReparser(parser, text, at);
  const doc = NomadDocument.create(parser, 'file:///bench/big.nomad', text, 1);
  analyze(doc);
  const dropped: EditStages = { reparse: [], view: [], model: [], rules: [], total: [] };
  const core: EditStages = { reparse: [], view: [], model: [], rules: [], total: [] };
  const coreStep = (i: number, into: EditStages) =>
    timeStages(into, () => {
      doc.update([toggleEdit(i, at)], i + 2);
      return doc;
    });
  for (let i = 0; i < warm; i++) {
    bare.step(i);
    coreStep(i, dropped);
  }
  const bareTimes: number[] = [];
  for (let i = warm; i < warm + samples; i++) bareTimes.push(bare.step(i));
  for (let i = warm; i < warm + samples; i++) coreStep(i, core);
  bare.dispose();
  doc.dispose();
  return { bare: bareTimes, core };
}

/** A fresh parse + view + model + all rules of a whole file, stage by stage (ms per sample). */
export function fullAnalysis(parser: Parser, text: string, samples: number): EditStages {
  const s: EditStages = { reparse: [], view: [], model: [], rules: [], total: [] };
  for (let i = 0; i < samples; i++) timeStages(s, () => NomadDocument.create(parser, 'file:///bench/full.nomad', text, 1)).dispose();
  return s;
}

/** HashiCorp's HCL parser (Go, compiled to wasm) turning the same file into JSON (ms per sample). */
export async function hcl2jsonParse(text: string, samples: number): Promise<number[]> {
  const { parse } = await import('@cdktf/hcl2json');
  await parse('warmup.hcl', 'a = 1\n');
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await parse('job.nomad', text);
    out.push(performance.now() - t0);
  }
  return out;
}
