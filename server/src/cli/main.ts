import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, type AnalysisOptions } from '../core/analyze';
import { NomadDocument } from '../core/document';
import type { Finding } from '../core/types';
import { parseVersion } from '../core/version';
import { describeError, findJobFiles, NOT_REGULAR, statOrProblem, TOP_LEVEL_JOB, type WalkProblem } from '../node/jobFiles';
import { newHclParser } from '../node/treeSitter';

const USAGE = `usage: nomad-connect check [--format text|json] [--nomad-version X.Y] PATH...

Checks Nomad job files for Consul Connect mistakes. PATH may be a file or a folder;
folders are searched for *.nomad, *.nomad.hcl and *.hcl files with a job block.
Exit status: 0 no errors, 1 errors found, 2 bad usage or unreadable input.`;

interface FileReport {
  file: string;
  diagnostics: Finding[];
}

function fail(message: string): never {
  process.stderr.write(`nomad-connect: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): { format: 'text' | 'json'; options: AnalysisOptions; paths: string[] } {
  const [command, ...rest] = argv;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  if (command !== 'check') fail(command ? `unknown command "${command}"` : 'missing command');
  let format: 'text' | 'json' = 'text';
  const options: AnalysisOptions = {};
  const paths: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? rest[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') fail(`--format must be text or json, not "${f}"`);
      format = f;
    } else if (flag === '--nomad-version') {
      const v = value();
      if (!parseVersion(v)) fail(`--nomad-version must be a version such as 1.6, not "${v}"`);
      options.nomadVersion = v;
    } else if (flag.startsWith('-') && flag !== '-') fail(`unknown option ${flag}`);
    else paths.push(a);
  }
  if (paths.length === 0) fail('no PATH given');
  return { format, options, paths };
}

function readJobText(file: string): string {
  const buf = readFileSync(file);
  if (buf.subarray(0, 8000).includes(0)) throw Object.assign(new Error('binary file, not a job file'), { code: 'EBINARY' });
  return buf.toString('utf8');
}

/** Why a readable file gave nothing to check, if it did not. */
function emptyNote(text: string, doc: NomadDocument): string | undefined {
  if (text.trim() === '') return 'empty file, nothing to check';
  if (doc.notParsed || doc.tree.rootNode.hasError || doc.model.jobs.length > 0) return undefined;
  if (doc.model.variables.length > 0 || doc.model.locals.length > 0) return 'no job block (variables and locals only), nothing else to check';
  return 'no job block, nothing to check';
}

function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  for (const r of reports)
    for (const d of r.diagnostics)
      lines.push(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`);
  return lines.join('\n');
}

function toJson(reports: FileReport[]): string {
  return JSON.stringify(
    reports.map((r) => ({
      file: r.file,
      diagnostics: r.diagnostics.map((d) => ({ range: d.range, severity: d.severity, code: d.code, message: d.message })),
    })),
    null,
    2,
  );
}

async function main(): Promise<void> {
  const { format, options, paths } = parseArgs(process.argv.slice(2));
  const parser = await newHclParser();
  const problems: WalkProblem[] = [];
  const files: string[] = [];
  for (const p of paths) {
    const st = statOrProblem(p, problems);
    if (!st) continue;
    const isHclJob = (f: string) => {
      try {
        return TOP_LEVEL_JOB.test(readJobText(f));
      } catch (err) {
        // A binary *.hcl file is simply not a job; an unreadable one might be.
        if ((err as NodeJS.ErrnoException).code !== 'EBINARY') problems.push({ path: f, message: `cannot read: ${describeError(err)}` });
        return false;
      }
    };
    if (st.isDirectory()) files.push(...findJobFiles(p, isHclJob, problems));
    else if (st.isFile()) files.push(p);
    else problems.push({ path: p, message: NOT_REGULAR });
  }
  const reports: FileReport[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readJobText(file);
    } catch (err) {
      const binary = (err as NodeJS.ErrnoException).code === 'EBINARY';
      problems.push({ path: file, message: `${binary ? '' : 'cannot read: '}${describeError(err)}` });
      continue;
    }
    const onRuleError = (codes: string[], err: unknown) => problems.push({ path: file, message: `internal error in rule ${codes.join('/')}: ${describeError(err)}` });
    try {
      const doc = NomadDocument.create(parser, file, text);
      const diagnostics = analyze(doc, { ...options, onRuleError });
      reports.push({ file: path.normalize(file), diagnostics });
      const note = emptyNote(text, doc);
      if (note) problems.push({ path: file, message: note, note: true });
      doc.dispose();
    } catch (err) {
      problems.push({ path: file, message: `internal error, not checked: ${describeError(err)}` });
    }
  }
  for (const p of problems) process.stderr.write(`nomad-connect: ${p.path}: ${p.message}\n`);
  const out = format === 'json' ? toJson(reports) : formatText(reports);
  if (out) process.stdout.write(`${out}\n`);
  if (format === 'text') {
    const count = (s: string) => reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
    process.stderr.write(`${reports.length} file(s) checked: ${count('error')} error(s), ${count('warning')} warning(s), ${count('information') + count('hint')} other\n`);
  }
  const hasError = reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  process.exitCode = problems.some((p) => !p.note) ? 2 : hasError ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`nomad-connect: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
