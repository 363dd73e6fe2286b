// The TextMate grammar (syntaxes/nomad.tmLanguage.json) and language-configuration.json, checked with
// the same engine VS Code uses: vscode-textmate on the oniguruma wasm.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { INITIAL, Registry, parseRawGrammar, type IGrammar, type IToken, type StateStack } from 'vscode-textmate';
import { OnigScanner, OnigString, loadWASM } from 'vscode-oniguruma';
import { EXAMPLES, FIXTURES, PROJECT_ROOT } from '../helpers/documents';

const GRAMMAR_PATH = path.join(PROJECT_ROOT, 'syntaxes/nomad.tmLanguage.json');
const LANGUAGE_CONFIG_PATH = path.join(PROJECT_ROOT, 'language-configuration.json');
const GRAMMAR_FIXTURES = path.join(FIXTURES, 'grammar');
const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');

let grammar: IGrammar;

before(async () => {
  const wasm = readFileSync(path.join(PROJECT_ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new OnigScanner(sources),
      createOnigString: (text) => new OnigString(text),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.nomad' ? parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null,
  });
  const loaded = await registry.loadGrammar('source.nomad');
  assert.ok(loaded, 'grammar source.nomad did not load');
  grammar = loaded;
});

interface TokenizedLine {
  text: string;
  tokens: IToken[];
  /** 1-based line number in the file the line came from. */
  line: number;
}

/** Tokenizes lines in order, carrying the rule stack; returns each line's tokens and the final stack. */
function tokenize(lines: { text: string; line: number }[]): { lines: TokenizedLine[]; stack: StateStack } {
  let stack = INITIAL;
  const out: TokenizedLine[] = [];
  for (const { text, line } of lines) {
    const result = grammar.tokenizeLine(text, stack);
    stack = result.ruleStack;
    out.push({ text, line, tokens: result.tokens });
  }
  return { lines: out, stack };
}

function scopesAt(line: TokenizedLine, column: number): string[] {
  const token = line.tokens.find((t) => t.startIndex <= column && column < t.endIndex);
  return token ? token.scopes : [];
}

/** Why a file is not back at the grammar's root after its last line, or undefined when it is. */
function openRuleAtEnd(text: string): string | undefined {
  let stack = INITIAL;
  // openedOn[d] = line on which the rule at stack depth d was entered (by depth only: good enough to point at it).
  const openedOn: number[] = [];
  let lastScopes: string[] = [];
  text.split(/\r?\n/).forEach((lineText, i) => {
    const before = stack.depth;
    const result = grammar.tokenizeLine(lineText, stack);
    stack = result.ruleStack;
    for (let d = Math.max(before, 1) + 1; d <= stack.depth; d++) openedOn[d] = i + 1;
    lastScopes = result.tokens.at(-1)?.scopes ?? lastScopes;
  });
  if (stack.depth === 1) return undefined;
  return `a rule entered on line ${openedOn[stack.depth]} is still open at end of file (scopes: ${lastScopes.join(' ')})`;
}

// Fixture assertions: `#  ^^^ scope !not.scope` (columns under the carets) or `#<- scope` (column 0),
// about the nearest source line above. Assertion lines are not part of the tokenized text.
const ASSERTION = /^#(?:(\s*\^+)|(<-))\s+(\S.*)$/;

interface Assertion {
  line: number;
  columns: number[];
  present: string[];
  absent: string[];
}

function readFixture(file: string): { source: { text: string; line: number }[]; assertions: Assertion[] } {
  const source: { text: string; line: number }[] = [];
  const assertions: Assertion[] = [];
  readFileSync(file, 'utf8')
    .replace(/\n$/, '')
    .split('\n')
    .forEach((text, i) => {
      const m = ASSERTION.exec(text);
      if (!m) {
        source.push({ text, line: i + 1 });
        return;
      }
      const target = source.at(-1);
      assert.ok(target, `${path.basename(file)}:${i + 1}: assertion before any source line`);
      const start = m[1] ? text.indexOf('^') : 0;
      const width = m[1] ? m[1].trim().length : 1;
      const words = m[3].trim().split(/\s+/);
      assertions.push({
        line: i + 1,
        columns: Array.from({ length: width }, (_, k) => start + k),
        present: words.filter((w) => !w.startsWith('!')),
        absent: words.filter((w) => w.startsWith('!')).map((w) => w.slice(1)),
      });
    });
  return { source, assertions };
}

describe('grammar fixtures (test/fixtures/grammar)', () => {
  const files = readdirSync(GRAMMAR_FIXTURES).filter((f) => f.endsWith('.nomad')).sort();

  test('there are fixtures to check', () => {
    assert.ok(files.length >= 5, `expected the grammar fixtures, found ${files.join(', ')}`);
  });

  for (const name of files) {
    test(name, () => {
      const file = path.join(GRAMMAR_FIXTURES, name);
      const { source, assertions } = readFixture(file);
      assert.ok(assertions.length > 0, `${name} has no assertions`);
      const { lines, stack } = tokenize(source);
      // Each assertion names the source line directly above it (after earlier assertion lines).
      const byFileLine = new Map<number, TokenizedLine>();
      let current: TokenizedLine | undefined;
      let next = 0;
      const failures: string[] = [];
      for (const a of assertions) {
        while (next < lines.length && lines[next].line < a.line) current = lines[next++];
        assert.ok(current);
        byFileLine.set(a.line, current);
        for (const column of a.columns) {
          const where = `${name}:${current.line}:${column + 1} (assertion on line ${a.line})`;
          if (column >= current.text.length) {
            failures.push(`${where}: column is past the end of the line`);
            continue;
          }
          const scopes = scopesAt(current, column);
          const missing = a.present.filter((s) => !scopes.includes(s));
          const unwanted = a.absent.filter((s) => scopes.includes(s));
          if (missing.length || unwanted.length) {
            failures.push(
              `${where} ${JSON.stringify(current.text[column])}: ` +
                (missing.length ? `missing ${missing.join(', ')}; ` : '') +
                (unwanted.length ? `unexpected ${unwanted.join(', ')}; ` : '') +
                `has ${scopes.join(' ')}`,
            );
          }
        }
      }
      assert.deepEqual(failures, []);
      assert.equal(stack.depth, 1, `${name}: the grammar did not return to its root rule at end of file`);
    });
  }
});

describe('grammar on whole files', () => {
  test('every example job ends with no string, heredoc or block left open', () => {
    const files = readdirSync(EXAMPLES, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.nomad') || f.endsWith('.nomad.hcl'))
      .sort();
    assert.ok(files.length > 0, 'no examples found');
    const open = files.flatMap((f) => {
      const why = openRuleAtEnd(readFileSync(path.join(EXAMPLES, f), 'utf8'));
      return why ? [`${f}: ${why}`] : [];
    });
    assert.deepEqual(open, []);
  });

  test('every valid corpus job ends with no string, heredoc or block left open', (t) => {
    const index = path.join(CORPUS, 'INDEX.tsv');
    if (!existsSync(index)) {
      t.skip(`corpus not found at ${CORPUS}: the grammar corpus check did NOT run`);
      return;
    }
    const [header, ...rows] = readFileSync(index, 'utf8').trim().split('\n').map((r) => r.split('\t'));
    const fileCol = header.indexOf('file');
    const validCol = header.indexOf('expected_valid');
    assert.ok(fileCol >= 0 && validCol >= 0, 'INDEX.tsv lacks the file / expected_valid columns');
    const valid = rows.filter((r) => r[validCol] === 'yes').map((r) => r[fileCol]);
    assert.ok(valid.length > 0, 'no corpus file is marked expected_valid=yes');
    const open = valid.flatMap((f) => {
      const why = openRuleAtEnd(readFileSync(path.join(CORPUS, f), 'utf8'));
      return why ? [`${f}: ${why}`] : [];
    });
    t.diagnostic(`tokenized ${valid.length} corpus files marked expected_valid=yes`);
    assert.deepEqual(open, []);
  });

  test('an unterminated heredoc is reported as open (the check above can fail)', () => {
    assert.match(openRuleAtEnd('job "x" {\n  data = <<EOF\n  text\n}\n') ?? '', /entered on line 2 .*heredoc/);
    assert.equal(openRuleAtEnd('job "x" {\n  data = <<EOF\n  text\nEOF\n}\n'), undefined);
  });
});

describe('language-configuration.json', () => {
  const config = JSON.parse(readFileSync(LANGUAGE_CONFIG_PATH, 'utf8'));

  test('package.json contributes the configuration and the grammar under the same names', () => {
    const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'nomad');
    const gram = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'nomad');
    assert.equal(path.resolve(PROJECT_ROOT, lang.configuration), LANGUAGE_CONFIG_PATH);
    assert.equal(path.resolve(PROJECT_ROOT, gram.path), GRAMMAR_PATH);
    assert.equal(JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8')).scopeName, gram.scopeName);
  });

  test('comments and brackets', () => {
    assert.deepEqual(config.comments, { lineComment: '#', blockComment: ['/*', '*/'] });
    assert.deepEqual(config.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  });

  test('auto-closing pairs: quotes outside strings and comments, interpolation and directive openers', () => {
    const pair = (open: string) => config.autoClosingPairs.find((p: { open: string }) => p.open === open);
    assert.deepEqual(pair('"'), { open: '"', close: '"', notIn: ['string', 'comment'] });
    assert.equal(pair('${')?.close, '}');
    assert.equal(pair('%{')?.close, '}');
    for (const open of ['{', '[', '(']) assert.ok(pair(open), `no auto-closing pair for ${open}`);
    const surrounding = config.surroundingPairs.map((p: string[]) => p.join(''));
    assert.deepEqual(surrounding, ['{}', '[]', '()', '""']);
  });

  test('indentation rules', () => {
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const line of ['job "web" {', '  network {', '  args = [', '  x = max(', '  port "http" { # note']) {
      assert.match(line, increase);
    }
    for (const line of ['  port "http" { static = 80 }', '  args = ["a"]', '# see job "x" {', '  count = 1']) {
      assert.doesNotMatch(line, increase);
    }
    for (const line of ['}', '    ]', '  )', '  },']) assert.match(line, decrease);
    assert.doesNotMatch('  count = 1', decrease);
  });

  test('word pattern keeps runtime variable names and dashed labels whole', () => {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words('"${NOMAD_ADDR_db_tcp}"'), ['NOMAD_ADDR_db_tcp']);
    assert.deepEqual(words('service "count-api-sidecar" {'), ['service', 'count-api-sidecar']);
    assert.deepEqual(words('var.region'), ['var', 'region']);
  });

  test('every regular expression in the configuration compiles', () => {
    const patterns = [
      config.wordPattern,
      config.indentationRules.increaseIndentPattern,
      config.indentationRules.decreaseIndentPattern,
      config.folding.markers.start,
      config.folding.markers.end,
      ...config.onEnterRules.flatMap((r: { beforeText: string; afterText?: string }) => [r.beforeText, r.afterText ?? '']),
    ];
    for (const p of patterns) assert.doesNotThrow(() => new RegExp(p), p);
  });
});
