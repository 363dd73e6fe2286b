import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../helpers/documents';

/**
 * The two programs of package.json's `bin`, run as a user runs them (the executable scripts):
 * `nomad-connect check` with its output formats and exit codes, and `nomad-connect-ls` usage.
 * Fixtures: test/fixtures/cli/ (broken.nomad has a syntax error; walk/ is a folder to search).
 */

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const CLI_FIXTURES = 'test/fixtures/cli';

function run(bin: 'nomad-connect' | 'nomad-connect-ls', ...args: string[]) {
  const r = spawnSync(path.join(PROJECT_ROOT, pkg.bin[bin]), args, { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000, input: '' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  file: string;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: string; code: string; message: string }[];
}

describe('nomad-connect check: output and exit status', () => {
  it('prints file:line:col: severity code message (1-based) and exits 0 when only warnings are found', () => {
    const r = run('nomad-connect', 'check', 'examples/seed-db.nomad');
    assert.equal(r.status, 0);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^examples\/seed-db\.nomad:30:39: warning NCX-L08 `-service-addr \$\{NOMAD_ADDR_db_tcp\}` /);
    assert.match(r.stderr, /^1 file\(s\) checked: 0 error\(s\), 1 warning\(s\), 0 other$/m);
  });

  it('exits 1 when a file has an error, such as a syntax error', () => {
    const r = run('nomad-connect', 'check', `${CLI_FIXTURES}/broken.nomad`);
    assert.equal(r.status, 1);
    assert.equal(r.stdout, `${CLI_FIXTURES}/broken.nomad:3:3: error syntax missing closing \`}\` for block \`group "api"\` (its content seems to end before line 8)\n`);
  });

  it('--format json: an array of {file, diagnostics[{range, severity, code, message}]} with 0-based LSP positions', () => {
    const r = run('nomad-connect', 'check', '--format', 'json', `${CLI_FIXTURES}/broken.nomad`, 'examples/seed-db.nomad');
    assert.equal(r.status, 1);
    const reports = JSON.parse(r.stdout) as JsonReport[];
    assert.deepEqual(reports[0], {
      file: `${CLI_FIXTURES}/broken.nomad`,
      diagnostics: [
        {
          range: { start: { line: 2, character: 2 }, end: { line: 2, character: 15 } },
          severity: 'error',
          code: 'syntax',
          message: 'missing closing `}` for block `group "api"` (its content seems to end before line 8)',
        },
      ],
    });
    assert.equal(reports[1].file, 'examples/seed-db.nomad');
    const { message, ...warning } = reports[1].diagnostics[0];
    // The text format's 30:39 is line 29, character 38 here.
    assert.deepEqual(warning, { range: { start: { line: 29, character: 38 }, end: { line: 29, character: 58 } }, severity: 'warning', code: 'NCX-L08' });
    assert.match(message, /^`-service-addr \$\{NOMAD_ADDR_db_tcp\}` in task `connect-proxy`/);
    assert.equal(reports.length, 2);
    assert.equal(r.stderr, '', 'JSON mode prints no summary');
  });

  it('searches folders for *.nomad, *.nomad.hcl and *.hcl files with a top-level job block, recursively', () => {
    const r = run('nomad-connect', 'check', '--format', 'json', `${CLI_FIXTURES}/walk`);
    assert.equal(r.status, 0);
    const files = (JSON.parse(r.stdout) as JsonReport[]).map((f) => path.relative(`${CLI_FIXTURES}/walk`, f.file)).sort();
    // terraform.hcl (no job block) and README.txt (not a job file name) are left out.
    assert.deepEqual(files, ['db.nomad.hcl', 'nested/cache.nomad', 'worker.hcl']);
  });
});

describe('nomad-connect usage', () => {
  for (const args of [['--help'], ['check', '--help'], ['check', 'examples', '-h']]) {
    it(`prints the usage on stdout and exits 0 for: nomad-connect ${args.join(' ')}`, () => {
      const r = run('nomad-connect', ...args);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^usage: nomad-connect check \[--format text\|json\] \[--nomad-version X\.Y\] PATH\.\.\./);
    });
  }

  for (const [args, message] of [
    [[], 'missing command'],
    [['lint', 'examples'], 'unknown command "lint"'],
    [['check'], 'no PATH given'],
    [['check', '--format', 'xml', 'examples'], '--format must be text or json, not "xml"'],
    [['check', '--format'], '--format needs a value'],
    [['check', '--strict', 'examples'], 'unknown option --strict'],
    [['check', '--nomad-version', 'latest', 'examples'], '--nomad-version must be a version such as 1.6, not "latest"'],
  ] as const) {
    it(`exits 2 with the usage for: nomad-connect ${args.join(' ')}`, () => {
      const r = run('nomad-connect', ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, new RegExp(`^nomad-connect: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\nusage: `));
    });
  }
});

describe('nomad-connect-ls usage', () => {
  it('--help prints the usage on stdout and exits 0', () => {
    const r = run('nomad-connect-ls', '--help');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^usage: nomad-connect-ls --stdio\n/);
  });

  it('--version prints the version and exits 0', () => {
    const r = run('nomad-connect-ls', '--version');
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^nomad-connect-ls \d+\.\d+\.\d+\n$/);
  });

  for (const [args, message] of [
    [[], 'no transport given (use --stdio)'],
    [['--tcp'], 'unknown option --tcp'],
    [['--stdio', '--verbose'], 'unknown option --verbose'],
    [['--socket'], '--socket needs a number'],
  ] as const) {
    it(`exits 2 with one clear line and the usage for: nomad-connect-ls ${args.join(' ')}`, () => {
      const r = run('nomad-connect-ls', ...args);
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.split('\n')[0], `nomad-connect-ls: ${message}`);
      assert.match(r.stderr, /\nusage: nomad-connect-ls --stdio\n/);
    });
  }
});
