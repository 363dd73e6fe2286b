import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateJob } from '../../scripts/bench/generate';
import { type AnalysisOptions, analyze } from '../../server/src/core/analyze';
import { NomadDocument } from '../../server/src/core/document';
import { groupInterpolations } from '../../server/src/core/model/queries';
import { resolve, resolveInterpolation } from '../../server/src/core/nomadEnv/resolve';
import { siteOf } from '../../server/src/core/nomadEnv/scope';
import { parseVersion } from '../../server/src/core/version';
import type { Group } from '../../server/src/core/model/types';
import { allRules } from '../../server/src/core/rules/index';
import { groupRule, type Rule } from '../../server/src/core/rules/rule';
import { LineIndex } from '../../server/src/core/text';
import { EXAMPLES, FIXTURES, PROJECT_ROOT, sharedParser } from '../helpers/documents';

/**
 * analyze() keeps each group's findings while the model keeps the Group object (analyze.ts,
 * rules/rule.ts). After any edit, with any options, its result must equal the analysis of a
 * freshly created document of the same text. Edits are random but seeded.
 */

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Typing is frequent; line breaks, tabs, CRLF, structure and ignore comments also occur. */
const SNIPPETS = [
  'x',
  '1',
  ' ',
  '-',
  'A',
  '\n',
  '\t',
  '\r\n',
  '"',
  '{',
  '}',
  '${',
  'NOMAD_PORT_http',
  'NOMAD_UPSTREAM_ADDR_',
  '\n    port "p" {}\n',
  '\n# nomad-connect-ignore\n',
  '  # nomad-connect-ignore NCX-N05 NCX-N11',
  '\n  meta {\n    team = "a"\n  }\n',
  '\n\t\tx = 1\n\t\ty = 2\n\t\tz = 3\n',
];

/** Each source is analyzed with each of these; one incremental document per options. */
const OPTIONS: { name: string; options: AnalysisOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'Nomad 1.0, N05 off, N11 as hint', options: { nomadVersion: '1.0', rules: { 'NCX-N05': 'off', 'NCX-N11': 'hint' } } },
  { name: 'Nomad 1.7.2, L08 and N14 off', options: { nomadVersion: '1.7.2', rules: { 'NCX-L08': 'off', 'NCX-N14': 'off' } } },
];

const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');

function files(dir: string, filter = (f: string) => f.endsWith('.nomad') || f.endsWith('.hcl')): string[] {
  return readdirSync(dir)
    .filter(filter)
    .sort()
    .map((f) => path.join(dir, f));
}

function sources(): { name: string; text: string; edits: number }[] {
  const read = (f: string, edits: number) => ({ name: path.relative(PROJECT_ROOT, f), text: readFileSync(f, 'utf8'), edits });
  const bench = generateJob({ seed: 11, job: 'bench', groups: 6 });
  const withMeta = bench.text.replace('  type        = "service"\n', '  type        = "service"\n  meta {\n    team = "core"\n  }\n');
  return [
    ...files(path.join(EXAMPLES, 'native')).map((f) => read(f, 20)),
    ...files(EXAMPLES, (f) => f.endsWith('.nomad')).map((f) => read(f, 20)),
    ...['manual', 'native', 'interpolation'].flatMap((d) => files(path.join(FIXTURES, 'rules', d)).map((f) => read(f, 4))),
    { name: 'bench job (6 groups, flawed upstreams)', text: bench.text, edits: 40 },
    { name: 'bench job whose groups use a port only the first declares', text: elsewhere(bench.text), edits: 40 },
    { name: 'bench job with job meta, CRLF line breaks', text: withMeta.replace(/\n/g, '\r\n'), edits: 40 },
  ];
}

/** Every group uses `NOMAD_PORT_metrics2`, which only the first group declares (NCX-N11 notes where it is set). */
function elsewhere(text: string): string {
  return text.replace(/HTTP_PORT {2}= "\$\{NOMAD_PORT_http\}"/g, 'HTTP_PORT  = "${NOMAD_PORT_metrics2}"').replace('port "metrics" {}', 'port "metrics2" {}');
}

/** Applies seeded random edits (each undone right after) and compares every version with a fresh document. */
async function compareAfterEdits(name: string, source: string, edits: number, seed: number): Promise<void> {
  const parser = await sharedParser();
  const random = prng(seed);
  let text = source;
  let version = 1;
  const docs = OPTIONS.map(() => NomadDocument.create(parser, 'file:///inc.nomad', text, 1));
  docs.forEach((d, i) => analyze(d, OPTIONS[i].options));
  const check = (what: string) => {
    const fresh = NomadDocument.create(parser, 'file:///inc.nomad', text, version);
    docs.forEach((doc, i) => {
      assert.equal(doc.text, text, `${name}: the document has the edited text after ${what}`);
      const { name: opts, options } = OPTIONS[i];
      assert.deepEqual(analyze(doc, options), analyze(fresh, options), `${name}: findings with ${opts} after ${what}`);
    });
    fresh.dispose();
  };
  const apply = (a: number, b: number, insert: string) => {
    const lines = new LineIndex(text);
    const range = { start: lines.positionAt(a), end: lines.positionAt(b) };
    version++;
    for (const doc of docs) doc.update([{ range, text: insert }], version);
    text = text.slice(0, a) + insert + text.slice(b);
    return `edit ${version} (${JSON.stringify(range)} → ${JSON.stringify(insert)})`;
  };
  // An offset between the "\r" and "\n" of a line break has no position of its own.
  const whole = (o: number) => (text[o - 1] === '\r' && text[o] === '\n' ? o + 1 : o);
  for (let step = 0; step < edits; step++) {
    const a = whole(Math.floor(random() * (text.length + 1)));
    const b = whole(Math.min(text.length, a + (random() < 0.3 ? Math.floor(random() * 8) : 0)));
    const insert = random() < 0.85 ? SNIPPETS[Math.floor(random() * SNIPPETS.length)] : '';
    const removed = text.slice(a, b);
    check(apply(a, b, insert));
    check(`undoing ${apply(a, a + insert.length, removed)}`);
  }
  for (const doc of docs) doc.dispose();
}

/** A group-scoped rule that counts the groups it checks, and reports their names. */
function countingRule(): { rule: Rule; checked: string[] } {
  const checked: string[] = [];
  const rule = groupRule({
    codes: ['TEST-G'],
    checkGroup(group: Group) {
      checked.push(group.name);
      return [{ code: 'TEST-G', severity: 'hint', message: `group ${group.name}`, range: group.nameRange }];
    },
  });
  return { rule, checked };
}

describe('incremental analysis equals a fresh one', () => {
  sources().forEach((source, i) => {
    it(`after ${source.edits} random edits (each undone) of ${source.name}`, async () => {
      await compareAfterEdits(source.name, source.text, source.edits, source.text.length * 31 + i);
    });
  });

  it('after random edits of the valid corpus jobs that use Connect', async (t) => {
    const index = path.join(CORPUS, 'INDEX.tsv');
    if (!existsSync(index)) {
      t.skip(`corpus not found at ${CORPUS}: the incremental analysis of corpus jobs did NOT run`);
      return;
    }
    const [header, ...rows] = readFileSync(index, 'utf8').trim().split('\n').map((r) => r.split('\t'));
    const col = (name: string) => header.indexOf(name);
    const jobs = rows.filter((r) => r[col('expected_valid')] === 'yes' && r[col('uses_connect')] === 'yes').map((r) => r[col('file')]);
    assert.ok(jobs.length > 0, 'no corpus file is marked expected_valid=yes and uses_connect=yes');
    for (const [k, f] of jobs.entries()) await compareAfterEdits(f, readFileSync(path.join(CORPUS, f), 'utf8'), 3, 1000 + k);
    t.diagnostic(`edited ${jobs.length} corpus files`);
  });
});

describe('incremental analysis: what is kept', () => {
  it('a typing edit re-checks the touched group only', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 5, job: 'keep', groups: 4 });
    const { rule, checked } = countingRule();
    const doc = NomadDocument.create(parser, 'file:///keep.nomad', job.text, 1);
    analyze(doc, {}, [rule]);
    assert.equal(checked.length, 4);
    checked.length = 0;
    const at = job.marks.editAt;
    doc.update([{ range: { start: at, end: at }, text: 'x' }], 2);
    const touched = doc.model.jobs[0].groups.find((g) => g.block.range.start.line <= at.line && at.line <= g.block.range.end.line)!;
    assert.deepEqual(analyze(doc, {}, [rule]).length, 4);
    assert.deepEqual(checked, [touched.name]);
    checked.length = 0;
    analyze(doc, { nomadVersion: '1.5' }, [rule]);
    assert.equal(checked.length, 4, 'another target version checks every group again');
    doc.dispose();
  });

  it('fixes of kept groups follow a change of the indentation unit or line breaks elsewhere', async () => {
    const parser = await sharedParser();
    const group = (name: string, indent: string) =>
      [`${indent}group "${name}" {`, `${indent}${indent}network {`, `${indent}${indent}${indent}mode = "host"`, `${indent}${indent}}`, `${indent}${indent}service {`, `${indent}${indent}${indent}name = "${name}"`, `${indent}${indent}${indent}connect {`, `${indent}${indent}${indent}${indent}sidecar_service {}`, `${indent}${indent}${indent}}`, `${indent}${indent}}`, `${indent}${indent}task "t" {`, `${indent}${indent}${indent}driver = "docker"`, `${indent}${indent}}`, `${indent}}`].join('\n');
    const text = `job "j" {\n${group('a', '  ')}\n${group('b', '  ')}\n}\n`;
    const doc = NomadDocument.create(parser, 'file:///unit.nomad', text, 1);
    analyze(doc);
    // Group "b" re-indented with four-space steps: most steps in the file are now 4.
    const lines = new LineIndex(text);
    const bStart = text.indexOf('  group "b"');
    const bEnd = text.lastIndexOf('\n}\n');
    const range = { start: lines.positionAt(bStart), end: lines.positionAt(bEnd) };
    const wide = group('b', '    ').replace(/^ {4}group/, '  group').replace(/\n {4}\}$/, '\n  }');
    doc.update([{ range, text: wide }], 2);
    const after = doc.text;
    const fresh = NomadDocument.create(parser, 'file:///unit.nomad', after, 2);
    assert.deepEqual(analyze(doc), analyze(fresh));
    fresh.dispose();
    // CRLF somewhere else: the line-break style of list edits changes for every group.
    const crlf = doc.text.indexOf('\n');
    doc.update([{ range: { start: { line: 0, character: 9 }, end: { line: 1, character: 0 } }, text: '\r\n' }], 3);
    const fresh2 = NomadDocument.create(parser, 'file:///unit.nomad', doc.text, 3);
    assert.ok(crlf > 0);
    assert.deepEqual(analyze(doc), analyze(fresh2));
    fresh2.dispose();
    doc.dispose();
  });

  it('an ignore comment above a kept group is read on every analysis', async () => {
    const parser = await sharedParser();
    const text = ['job "j" {', '', '  group "Web" {', '    network {', '      mode = "bridge"', '    }', '    service {', '      name = "web"', '      connect {', '        sidecar_service {}', '      }', '    }', '    task "t" {', '      driver = "docker"', '    }', '  }', '}', ''].join('\n');
    const doc = NomadDocument.create(parser, 'file:///ignore.nomad', text, 1);
    const codes = () => analyze(doc).map((f) => `${f.code}@${f.range.start.line}`);
    assert.deepEqual(codes(), ['NCX-N03@2']);
    const web = doc.model.jobs[0].groups[0];
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  # nomad-connect-ignore NCX-N03' }], 2);
    assert.equal(doc.model.jobs[0].groups[0], web, 'the group is kept');
    assert.deepEqual(codes(), []);
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 33 } }, text: '' }], 3);
    assert.deepEqual(codes(), ['NCX-N03@2']);
    doc.dispose();
  });

  it('a rule that throws loses its own findings in that group only, and is reported on every analysis', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 9, job: 'throws', groups: 3 });
    const doc = NomadDocument.create(parser, 'file:///throws.nomad', job.text, 1);
    const second = doc.model.jobs[0].groups[1].name;
    const failing = groupRule({
      codes: ['TEST-T'],
      checkGroup(group) {
        if (group.name === second) throw new Error('boom');
        return [{ code: 'TEST-T', severity: 'hint', message: group.name, range: group.nameRange }];
      },
    });
    const errors: string[] = [];
    const options: AnalysisOptions = { onRuleError: (codes, err) => errors.push(`${codes.join(',')}: ${(err as Error).message}`) };
    const rules = [failing, ...allRules];
    const run = () => analyze(doc, options, rules).filter((f) => f.code === 'TEST-T').map((f) => f.message);
    const others = doc.model.jobs[0].groups.map((g) => g.name).filter((n) => n !== second);
    assert.deepEqual(run(), others);
    assert.deepEqual(run(), others);
    assert.deepEqual(errors, ['TEST-T: boom', 'TEST-T: boom']);
    assert.ok(analyze(doc, options, rules).some((f) => f.code === 'NCX-N05'), 'the other rules still report');
    assert.throws(() => analyze(doc, {}, rules), /boom/, 'without onRuleError the error propagates');
    doc.dispose();
  });

  it('a kept group\'s note on where a name is set follows an edit of another group', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 8, job: 'note', groups: 3 });
    const text = elsewhere(job.text);
    const doc = NomadDocument.create(parser, 'file:///note.nomad', text, 1);
    const notes = () =>
      analyze(doc)
        .filter((f) => f.code === 'NCX-N11' && f.message.startsWith('`NOMAD_PORT_metrics2`'))
        .map((f) => /set in (group `[^`]+`)/.exec(f.message)?.[1] ?? 'nowhere');
    assert.deepEqual(notes(), ['group `noteg000`', 'group `noteg000`']);
    const at = new LineIndex(text).positionAt(text.indexOf('port "metrics2"') + 'port "metrics'.length);
    const kept = doc.model.jobs[0].groups.slice(1);
    doc.update([{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '3' }], 2);
    assert.deepEqual(doc.model.jobs[0].groups.slice(1), kept, 'the other groups are kept');
    assert.deepEqual(notes(), ['nowhere', 'nowhere', 'nowhere'], 'the first group uses it too, and now no group sets it');
    doc.dispose();
  });

  it('a file-scoped rule runs on every analysis, in its place among the rules', async () => {
    const parser = await sharedParser();
    const job = generateJob({ seed: 4, job: 'scope', groups: 2 });
    let runs = 0;
    const whole: Rule = {
      scope: 'file',
      codes: ['TEST-F'],
      check(ctx) {
        runs++;
        return [{ code: 'TEST-F', severity: 'hint', message: 'file', range: ctx.file.jobs[0].nameRange }];
      },
    };
    const { rule } = countingRule();
    const rules = [rule, whole, rule];
    const doc = NomadDocument.create(parser, 'file:///scope.nomad', job.text, 1);
    const codes = () => analyze(doc, {}, rules).map((f) => f.code);
    assert.deepEqual(codes(), ['TEST-G', 'TEST-G', 'TEST-F', 'TEST-G', 'TEST-G']);
    assert.deepEqual(codes(), ['TEST-G', 'TEST-G', 'TEST-F', 'TEST-G', 'TEST-G']);
    assert.equal(runs, 2);
    doc.dispose();
  });

  it('each group\'s interpolations are one run of the file\'s', async () => {
    const parser = await sharedParser();
    for (const f of [...files(path.join(EXAMPLES, 'native')), ...files(path.join(FIXTURES, 'rules', 'interpolation'))]) {
      const doc = NomadDocument.create(parser, 'file:///runs.nomad', readFileSync(f, 'utf8'), 1);
      for (const g of doc.model.jobs.flatMap((j) => j.groups)) {
        assert.deepEqual(groupInterpolations(g), doc.model.interpolations.filter((i) => i.group === g), f);
      }
      doc.dispose();
    }
  });
});

describe('resolution shortcut for the rules', () => {
  it('says ok exactly where the catalog does, for every kind, spelling, scope and version', async () => {
    const parser = await sharedParser();
    const labels = ['http', 'metrics', 'm2', 'with-dash', 'db', 'app_http', 'log_tcp', 'api', 'count-api', 'count_api', 'connect-proxy-web', 'nope'];
    const kinds = ['ADDR', 'PORT', 'IP', 'HOST_PORT', 'HOST_ADDR', 'HOST_IP', 'ALLOC_PORT', 'ALLOC_ADDR', 'UPSTREAM_ADDR', 'UPSTREAM_IP', 'UPSTREAM_PORT'];
    const names = kinds.flatMap((k) => labels.map((l) => `NOMAD_${k}_${l}`));
    const env = names.map((n, i) => `        V${i} = "\${${n}}"`).join('\n');
    const config = names.map((n) => `"\${${n}}"`).join(', ');
    const text = [
      'job "j" {',
      '  group "g" {',
      '    network {',
      '      mode = "bridge"',
      '      port "http" { to = 8080 }',
      '      port "metrics" {}',
      '      port "with-dash" {}',
      '    }',
      '    service {',
      '      name = "web"',
      '      port = "http"',
      '      connect {',
      '        sidecar_service {',
      '          proxy {',
      '            upstreams {',
      '              destination_name = "api"',
      '              local_bind_port  = 9001',
      '            }',
      '            upstreams {',
      '              destination_name = "count-api"',
      '              local_bind_port  = 9002',
      '            }',
      '          }',
      '        }',
      '      }',
      '    }',
      '    task "app" {',
      '      driver = "docker"',
      `      config { args = [${config}] }`,
      '      env {',
      env,
      '      }',
      '    }',
      '    task "log" {',
      '      driver = "docker"',
      '      resources {',
      '        network {',
      '          port "tcp" {}',
      '          port "m2" {}',
      '        }',
      '      }',
      '      env {',
      env,
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const doc = NomadDocument.create(parser, 'file:///shortcut.nomad', text, 1);
    let ok = 0;
    for (const version of ['0.7', '0.9', '0.10', '0.11', '0.12', '1.0', '1.8', '2.0']) {
      const v = parseVersion(version)!;
      for (const i of doc.model.interpolations) {
        const expected = resolve(i.name, siteOf(i), v).status;
        assert.equal(resolveInterpolation(i, v).r.status, expected, `${i.name} (${i.context}) in ${i.task?.name} at ${version}`);
        if (expected === 'ok') ok++;
      }
    }
    assert.ok(ok > 100, 'many names resolve');
    doc.dispose();
  });
});
