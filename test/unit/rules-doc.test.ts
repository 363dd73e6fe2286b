import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../server/src/core/rules/index';
import { FIXTURES, fixture, PROJECT_ROOT } from '../helpers/documents';
import { expectations } from '../helpers/ruleFixtures';

/**
 * docs/rules.md against the rules: the section every diagnostic links to (its anchor is the
 * lower-cased id, GitHub's slug of `### NCX-L01`), with what/why/fix and a wrong and a right
 * example, and the severities of the team's domain notes (§F) in the docs and the fixtures.
 */

/** Default severities of domain.md §F (two where the rule grades its findings). */
const SEVERITY: Record<string, string[]> = {
  'NCX-L01': ['error'], 'NCX-L02': ['error'], 'NCX-L03': ['error'], 'NCX-L04': ['error'],
  'NCX-L05': ['warning'], 'NCX-L06': ['warning'], 'NCX-L07': ['warning', 'error'], 'NCX-L08': ['warning'],
  'NCX-L09': ['warning'], 'NCX-L10': ['information'], 'NCX-L11': ['warning'],
  'NCX-N01': ['error'], 'NCX-N02': ['error'], 'NCX-N03': ['error'], 'NCX-N04': ['error'],
  'NCX-N05': ['error', 'warning'], 'NCX-N06': ['error'], 'NCX-N07': ['warning'], 'NCX-N08': ['warning'],
  'NCX-N09': ['error'], 'NCX-N10': ['error'], 'NCX-N11': ['warning'], 'NCX-N12': ['warning'],
  'NCX-N13': ['warning'], 'NCX-N14': ['error'],
};

const docs = readFileSync(path.join(PROJECT_ROOT, 'docs/rules.md'), 'utf8');
const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
const codes = [...new Set(allRules.flatMap((r) => r.codes))].sort();

/** The text under `### <code>` up to the next heading. */
function section(code: string): string | undefined {
  const m = new RegExp(`^### ${code}\\n([\\s\\S]*?)(?=^#{2,3} |(?![\\s\\S]))`, 'm').exec(docs);
  return m?.[1];
}

describe('docs/rules.md', () => {
  it('the rules report exactly the ids of domain.md §F', () => {
    assert.deepEqual(codes, Object.keys(SEVERITY).sort());
  });

  it('has one `### <id>` section per rule, and none for a rule that does not exist', () => {
    const headings = [...docs.matchAll(/^### (NCX-\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual([...headings].sort(), codes);
  });

  for (const code of Object.keys(SEVERITY)) {
    it(`${code}: title with the §F severity, what, why, fix, and a wrong and a right example`, () => {
      const text = section(code);
      assert.ok(text, 'section exists');
      const title = /^\*\*.+\*\* — ([\s\S]+?)\n\n/m.exec(text);
      assert.ok(title, 'a bold title line naming the severity');
      for (const s of SEVERITY[code]) assert.match(title[1], new RegExp(`\\b${s}\\b`), `title says ${s}`);
      for (const part of ['*What:*', '*Why:*', '*Fix:*']) assert.ok(text.includes(part), part);
      const examples = [...text.matchAll(/```hcl\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
      assert.match(examples, /^\s*# wrong/m, 'a wrong example');
      assert.match(examples, /^\s*# right/m, 'a right example');
    });
  }

  it('the rule fixtures expect each rule only at the severities of §F', () => {
    for (const dir of ['rules/manual', 'rules/native', 'rules/interpolation']) {
      for (const file of readdirSync(path.join(FIXTURES, dir)).filter((f) => f.endsWith('.nomad'))) {
        for (const e of expectations(fixture(`${dir}/${file}`), 'NCX-[LN]')) {
          assert.ok(SEVERITY[e.code]?.includes(e.severity), `${dir}/${file}:${e.line + 1}: ${e.code} ${e.severity}`);
        }
      }
    }
  });

  it('the nomadConnect.diagnostics.rules schema accepts every rule id (and syntax, limit), and flags a mistyped one', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const pattern = new RegExp(pkg.contributes.configuration.properties['nomadConnect.diagnostics.rules'].propertyNames.pattern);
    assert.deepEqual([...codes, 'syntax', 'limit'].filter((c) => !pattern.test(c)), []);
    assert.deepEqual(['NCX-L7', 'ncx-l07', 'NCX-L12', 'NCX-N15', 'NCX-N00'].filter((c) => pattern.test(c)), []);
  });

  it('the ignore comment and the severity setting are documented, here and in the README', () => {
    for (const [name, text] of [['docs/rules.md', docs], ['README.md', readme]]) {
      assert.match(text, /# nomad-connect-ignore NCX-L07/, name);
      assert.match(text, /nomadConnect\.diagnostics\.rules/, name);
    }
  });
});
