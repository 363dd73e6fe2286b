import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { Rule } from '../../server/src/core/rules/rule';
import { comparePositions, type Finding } from '../../server/src/core/types';
import { applyEdits, FIXTURES, fixture, parseDoc } from './documents';

/**
 * Rule fixtures: test/fixtures/rules/<family>/*.nomad, one rule family per folder.
 *
 * Expectation scheme: a comment line
 *
 *     # expect: NCX-L01 error "-listen" fix
 *
 * declares one finding on the next line that is not a comment: its code, its severity, the exact
 * text its range covers (a JSON string) and, with the trailing `fix`, that it offers a quick fix.
 * Several expect lines in a row all point at the same next line. A fixture's findings must be
 * exactly its expectations, no more; findings without a declared `fix` must offer none.
 * A line `# nomad-version: 1.0.4` anywhere in the file sets the target Nomad version (default:
 * the newest). Files named `<id>-ok-*.nomad` (e.g. `l01-ok-…`) are near misses of that rule.
 * Every quick fix offered is applied and the file re-analysed: it must still parse, and the rule
 * must report one finding less (so a file with one finding re-checks clean for that rule).
 */

export interface RuleFamily {
  /** The fixture folder under test/fixtures, e.g. `rules/manual`. */
  dir: string;
  /** The codes' common prefix, e.g. `NCX-L`: an expectation is this and two digits. */
  prefix: string;
  /** Every code of the family: each needs a fixture that triggers it and a near miss. */
  codes: string[];
  rules: Rule[];
}

interface Expectation {
  code: string;
  severity: string;
  text: string;
  fix: boolean;
  /** 0-based line the finding starts on. */
  line: number;
}

const VERSION = /^\s*#\s*nomad-version:\s*(\S+)\s*$/m;
const COMMENT = /^\s*(#|\/\/)/;

export function expectations(text: string, prefix: string): Expectation[] {
  const expect = new RegExp(`^\\s*#\\s*expect:\\s*(${prefix}\\d\\d)\\s+(error|warning|information|hint)\\s+("(?:[^"\\\\]|\\\\.)*")(\\s+fix)?\\s*$`);
  const lines = text.split('\n');
  const out: Expectation[] = [];
  lines.forEach((l, i) => {
    if (/#\s*expect:/.test(l) && !expect.test(l)) throw new Error(`malformed expectation on line ${i + 1}: ${l}`);
    const m = expect.exec(l);
    if (!m) return;
    let target = i + 1;
    while (target < lines.length && COMMENT.test(lines[target])) target++;
    out.push({ code: m[1], severity: m[2], text: JSON.parse(m[3]) as string, fix: !!m[4], line: target });
  });
  return out;
}

export type Checked = { findings: Finding[]; slice: (f: Finding) => string };

/** The family's findings (and syntax errors) for a text, at its `# nomad-version` unless told. */
export function checker(rules: Rule[]): (text: string, nomadVersion?: string) => Promise<Checked> {
  return async (text, nomadVersion = VERSION.exec(text)?.[1]) => {
    const doc = await parseDoc(text);
    const findings = analyze(doc, { nomadVersion }, rules);
    return { findings, slice: (f) => doc.lines.slice(f.range) };
  };
}

const show = (f: Finding, text: string) => `${f.code} ${f.severity} ${f.range.start.line + 1}:${f.range.start.character + 1} "${text}"`;

/** Registers the fixture tests of a family: coverage of every code, then each file's expectations and fixes. */
export function describeFixtures(title: string, family: RuleFamily): void {
  const check = checker(family.rules);
  const files = readdirSync(path.join(FIXTURES, family.dir))
    .filter((f) => f.endsWith('.nomad'))
    .sort();
  const expected = (f: string) => expectations(fixture(`${family.dir}/${f}`), family.prefix);

  describe(title, () => {
    it('every rule has a fixture that triggers it and a near-miss fixture', () => {
      for (const code of family.codes) {
        const id = code.slice(4).toLowerCase();
        const triggers = files.filter((f) => f.startsWith(`${id}-`) && !f.startsWith(`${id}-ok`));
        const nearMisses = files.filter((f) => f.startsWith(`${id}-ok`));
        assert.ok(nearMisses.length > 0, `${code} has no ${id}-ok-*.nomad fixture`);
        assert.ok(
          triggers.some((f) => expected(f).some((e) => e.code === code)),
          `${code} has no ${id}-*.nomad fixture expecting it`,
        );
        for (const f of nearMisses) assert.ok(!expected(f).some((e) => e.code === code), `near miss ${f} expects ${code}`);
      }
    });

    for (const file of files) {
      describe(file, () => {
        const text = fixture(`${family.dir}/${file}`);

        it('reports exactly the expected findings', async () => {
          const { findings, slice } = await check(text);
          assert.deepEqual(findings.filter((f) => f.code === 'syntax'), [], 'fixture parses');
          const actual = findings.map((f) => `${f.code} ${f.severity} line ${f.range.start.line + 1} ${JSON.stringify(slice(f))}${f.fixes?.length ? ' fix' : ''}`).sort();
          const wanted = expectations(text, family.prefix)
            .map((e) => `${e.code} ${e.severity} line ${e.line + 1} ${JSON.stringify(e.text)}${e.fix ? ' fix' : ''}`)
            .sort();
          assert.deepEqual(actual, wanted);
        });

        it('every finding names things and every quick fix re-checks clean for its rule', async () => {
          const { findings, slice } = await check(text);
          for (const f of findings) {
            assert.match(f.message, /`[^`]+`/, `${show(f, slice(f))}: message names what is involved`);
            for (const fix of f.fixes ?? []) {
              const after = await check(applyEdits(text, fix.edits));
              const label = `${show(f, slice(f))} / ${fix.title}`;
              assert.deepEqual(after.findings.filter((g) => g.code === 'syntax'), [], `${label}: fixed file parses`);
              const before = findings.filter((g) => g.code === f.code).length;
              assert.equal(after.findings.filter((g) => g.code === f.code).length, before - 1, `${label}: one ${f.code} less`);
            }
          }
        });
      });
    }
  });
}

/** Applies fix `fixIndex` of the `nth` finding with `code` (in document order) and returns the new text. */
export function fixer(rules: Rule[]): (text: string, code: string, fixIndex?: number, nth?: number) => Promise<string> {
  const check = checker(rules);
  return async (text, code, fixIndex = 0, nth = 0) => {
    const { findings } = await check(text);
    const f = findings.filter((g) => g.code === code).sort((a, b) => comparePositions(a.range.start, b.range.start))[nth];
    assert.ok(f, `no ${code} finding`);
    const fix = f.fixes?.[fixIndex];
    assert.ok(fix, `${code} finding has no fix ${fixIndex}`);
    return applyEdits(text, fix.edits);
  };
}

/**
 * The lines of `after` that differ from `before`, as `-old` then `+new`: line by line when the
 * line count is unchanged, else the changed middle between the common head and tail.
 */
export function diff(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length === b.length) {
    const changed = a.map((_, i) => i).filter((i) => a[i] !== b[i]);
    return [...changed.map((i) => `-${a[i]}`), ...changed.map((i) => `+${b[i]}`)];
  }
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [...a.slice(start, endA).map((l) => `-${l}`), ...b.slice(start, endB).map((l) => `+${l}`)];
}
