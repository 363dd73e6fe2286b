import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/core/analyze';
import type { NomadDocument } from '../../server/src/core/document';
import { MAX_NESTING } from '../../server/src/core/hcl/ast';
import { configureParseLimits, DEFAULT_LIMITS, isParserCrash, parseLimits } from '../../server/src/core/parse';
import { scanStructure } from '../../server/src/core/syntaxScan';
import { EXAMPLES, FIXTURES, parseDoc } from '../helpers/documents';
import { CORPUS } from '../fuzz/inputs';

/** `line:col message` (1-based, as the CLI prints) of each syntax finding. */
function syntaxLines(doc: NomadDocument): string[] {
  return analyze(doc)
    .filter((f) => f.code === 'syntax')
    .map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
}

const SYNTAX = path.join(FIXTURES, 'syntax');

describe('syntax errors in a person’s terms (fixtures in test/fixtures/syntax)', () => {
  for (const name of readdirSync(SYNTAX).filter((f) => f.endsWith('.nomad')).sort()) {
    it(name.replace(/\.nomad$/, ''), async () => {
      const doc = await parseDoc(readFileSync(path.join(SYNTAX, name), 'utf8'));
      const expected = readFileSync(path.join(SYNTAX, name.replace(/\.nomad$/, '.expected')), 'utf8').trim().split('\n');
      assert.deepEqual(syntaxLines(doc), expected);
    });
  }

  it('names the block whose `}` is missing, not the outermost one', async () => {
    const doc = await parseDoc(readFileSync(path.join(SYNTAX, 'unclosed-task.nomad'), 'utf8'));
    assert.match(syntaxLines(doc).join('\n'), /block `task "redis"`/);
    assert.doesNotMatch(syntaxLines(doc).join('\n'), /job "web"|group "db"/);
  });

  it('reports binary content at its first control character', async () => {
    const doc = await parseDoc('job "web" {\n  group "db" {\u0000\n  }\n}\n');
    assert.deepEqual(syntaxLines(doc), ['2:15 unexpected control character U+0000: is this a binary file?']);
  });

  it('reports each of several unclosed blocks of an unindented file once', async () => {
    const doc = await parseDoc('job "a" {\ngroup "b" {\ntask "c" {\n');
    assert.deepEqual(syntaxLines(doc), [
      '1:1 missing closing `}` for block `job "a"`',
      '2:1 missing closing `}` for block `group "b"`',
      '3:1 missing closing `}` for block `task "c"`',
    ]);
  });

  it('finds nothing to explain in any valid job (examples and the real corpus)', (t) => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.(nomad|hcl)$/.test(e.name)) files.push(full);
      }
    };
    walk(EXAMPLES);
    if (existsSync(CORPUS)) walk(CORPUS);
    else t.diagnostic(`corpus absent (${CORPUS}): checked the examples only`);
    let valid = 0;
    return (async () => {
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        const doc = await parseDoc(text);
        if (doc.tree.rootNode.hasError) continue;
        valid++;
        assert.deepEqual(scanStructure(text), [], `false alarm on ${path.relative(path.dirname(EXAMPLES), file)}`);
        doc.dispose();
      }
      t.diagnostic(`${valid} valid jobs scanned without a false alarm`);
      assert.ok(valid > 0);
    })();
  });
});

describe('limits keep pathological documents analysable', () => {
  const N = 10_000;
  for (const [name, text] of [
    ['blocks', `job "x" {\n${'a {\n'.repeat(N)}${'}\n'.repeat(N)}}\n`],
    ['lists', `job "x" {\n  meta = ${'['.repeat(N)}${']'.repeat(N)}\n}\n`],
    ['maps', `job "x" {\n  meta = ${'{ a = '.repeat(N)}1${' }'.repeat(N)}\n}\n`],
    ['directives', `job "x" {\n  meta { a = "${'%{ if true }'.repeat(N)}${'%{ endif }'.repeat(N)}" }\n}\n`],
  ] as const) {
    it(`analyses ${N.toLocaleString('en')}-level nested ${name} without overflowing the stack`, async () => {
      const doc = await parseDoc(text);
      const findings = analyze(doc);
      const limit = findings.filter((f) => f.code === 'limit');
      if (name !== 'directives') assert.deepEqual(limit.map((f) => f.message), [`nesting deeper than ${MAX_NESTING} levels: what is inside is not analysed`]);
      assert.equal(doc.model.jobs[0]?.name, 'x');
    });
  }

  it('does not parse a document over the size limit, and says so', async () => {
    const doc = await parseDoc(`job "big" {\n${'  # padding\n'.repeat(Math.ceil(DEFAULT_LIMITS.maxChars / 12))}}\n`);
    assert.equal(doc.model.jobs.length, 0);
    assert.deepEqual(analyze(doc).map((f) => [f.code, f.severity, f.message]), [['limit', 'warning', 'this file is 1 MB; files over 1 MB are not analysed']]);
  });

  it('tells a wasm trap (the parser is dead for the process) from an ordinary error', () => {
    assert.equal(isParserCrash(new WebAssembly.RuntimeError('Aborted()')), true);
    assert.equal(isParserCrash(new Error('no tree')), false);
  });

  it('stops a parse that exceeds the time budget, and parses again after the next change', async () => {
    const before = parseLimits();
    let junk = '';
    for (let i = 0; i < 200_000; i++) junk += String.fromCharCode(33 + ((i * 7919) % 90));
    try {
      configureParseLimits({ timeBudgetMs: 0 });
      const doc = await parseDoc(junk);
      assert.match(doc.notParsed ?? '', /^parsing took longer than 0 s and was stopped/);
      configureParseLimits(before);
      doc.update([{ text: 'job "ok" {\n}\n' }], 2);
      assert.equal(doc.notParsed, undefined);
      assert.equal(doc.model.jobs[0].name, 'ok');
    } finally {
      configureParseLimits(before);
    }
  });
});

describe('line structure HCL2 requires and tree-sitter does not (syntaxLayout.ts)', () => {
  it('accepts the layouts HCL2 accepts', async () => {
    const doc = await parseDoc(
      [
        'job "web" {',
        '  meta { owner = "ops" }',
        '  constraint {}',
        '  affinity { }',
        '  group "web" { # a comment after the brace',
        '    count = 1 # and after an attribute',
        '    task "app" {',
        '      config { args = [',
        '        "-port", "8080",',
        '      ] }',
        '      template {',
        '        data = <<EOF',
        'a = b',
        'EOF',
        '        destination = "local/a"',
        '      }',
        '      env = {',
        '        A = "1", B = "2"',
        '        C = "3"',
        '        D = upper(',
        '          "d")',
        '      }',
        '    }',
        '  }',
        '}',
        'variable "x" { default = 1 }',
      ].join('\n'),
    );
    assert.deepEqual(syntaxLines(doc), []);
  });

  it('moves its findings with the text on an incremental edit, and keeps earlier findings as they were', async () => {
    const doc = await parseDoc('job "web" {\n  group "web" {\n    service { port = "http" name = "web" }\n  }\n}\n');
    const before = analyze(doc).filter((f) => f.code === 'syntax');
    assert.deepEqual(before.map((f) => f.range.start), [{ line: 2, character: 28 }]);
    doc.update([{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '  region = "x"\n\n' }], 2);
    assert.deepEqual(syntaxLines(doc), ['5:29 block `service` on one line can hold only one attribute: put `name` on a line of its own']);
    assert.deepEqual(before.map((f) => f.range.start), [{ line: 2, character: 28 }]);
  });

  it('in a file that does not parse, the structural scan reports a `{` on the next line and reads on', async () => {
    const doc = await parseDoc('job "web"\n{\n  group "web" {\n    count 2\n  }\n}\n');
    assert.deepEqual(syntaxLines(doc), ['1:1 block `job "web"` needs `{` on the same line', '4:5 expected `=` between `count` and its value']);
  });
});
