import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXAMPLES, FIXTURES, PROJECT_ROOT } from '../helpers/documents';

/** Where the fuzzer's inputs come from, and the edits and pathological texts it makes of them. */

export type Random = () => number;

/** mulberry32: small, fast and deterministic, so a printed seed reproduces a run. */
export function prng(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function int(random: Random, max: number): number {
  return Math.floor(random() * max);
}

export interface Source {
  name: string;
  text: string;
}

export const CORPUS = path.join(PROJECT_ROOT, '..', 'shared', 'corpus', 'real');

function walk(dir: string, accept: (file: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, accept, out);
    else if (accept(full)) out.push(full);
  }
  return out;
}

const JOB_FILE = (f: string) => /\.(nomad|hcl)$/.test(f);

/** The real corpus jobs (empty when ../shared/corpus is absent), then our examples and fixtures. */
export function sources(): { corpus: Source[]; ours: Source[] } {
  const read = (root: string) => (file: string): Source => ({ name: path.relative(root, file), text: readFileSync(file, 'utf8') });
  const corpus = existsSync(CORPUS) ? walk(CORPUS, JOB_FILE).map(read(CORPUS)) : [];
  const ours = [...walk(EXAMPLES, JOB_FILE).map(read(EXAMPLES)), ...(existsSync(FIXTURES) ? walk(FIXTURES, JOB_FILE).map(read(FIXTURES)) : [])];
  return { corpus, ours };
}

/** What a half-typed or damaged job contains: structure characters, markers, odd code units. */
const TOKENS = [
  '{', '}', '"', '$', '${', '}"', '%{', '<<EOF\n', '<<-EOF\n', 'EOF\n', '\n', '\r\n', '\r', '=', '[', ']', '(', ')', ',', '#', '//', '/*', '*/',
  '\\', '\\"', '$${', ' ', '\t', 'job "j" {', 'group "g" {\n', 'task "t" {\n', 'NOMAD_PORT_', '${NOMAD_UPSTREAM_ADDR_', 'connect {\n sidecar_service {}\n}\n',
  '😀', '中文', '\uD83D', '\uDE00', '\u0000', '\u200B', '\uFEFF', '\uFFFD', '\u2028', 'é', 'e\u0301',
];

export function randomToken(random: Random): string {
  return pick(random, TOKENS);
}

/** Random code units, including lone surrogates and control characters. */
export function randomJunk(random: Random, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(random() < 0.7 ? int(random, 128) : int(random, 0x10000));
  return s;
}

/** Random bytes read as UTF-8 (invalid sequences become U+FFFD, as a decoder would make them). */
export function randomBinary(random: Random, length: number): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = int(random, 256);
  return random() < 0.5 ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** Invalid UTF-8 byte sequences for a raw JSON-RPC message: stray, truncated, overlong, surrogate. */
export const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xf0, 0x9f, 0x98]),
  Buffer.from([0xc0, 0xaf]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xf4, 0x90, 0x80, 0x80]),
  Buffer.from([0x80, 0x80, 0x80]),
];

const N = 10_000;

/** Inputs that defeat naive recursion, quadratic loops or memory: each must still be served. */
export function pathologicalTexts(random: Random, job: string, heavy: boolean): Source[] {
  const size = (n: number) => (heavy ? n : n / 10);
  let big = '';
  for (let i = 0; big.length < 10_000_000; i++) big += job.replace(/job\s+"([^"]*)"/, `job "$1-${i}"`) + '\n';
  return [
    { name: 'nested blocks', text: `job "deep" {\n${'a {\n'.repeat(N)}${'}\n'.repeat(N)}}\n` },
    { name: 'unclosed nested blocks', text: `job "deep" {\n${'group "g" {\n'.repeat(N)}` },
    { name: 'nested lists', text: `job "x" {\n  meta = ${'['.repeat(N)}${']'.repeat(N)}\n}\n` },
    { name: 'nested maps', text: `job "x" {\n  meta = ${'{ a = '.repeat(N)}1${' }'.repeat(N)}\n}\n` },
    { name: 'nested parentheses', text: `job "x" {\n  count = ${'('.repeat(N)}1${')'.repeat(N)}\n}\n` },
    { name: 'nested calls', text: `job "x" {\n  count = ${'max('.repeat(N)}1${')'.repeat(N)}\n}\n` },
    { name: 'nested interpolations', text: `job "x" {\n  meta { a = "${'${"'.repeat(N)}${'"}'.repeat(N)}" }\n}\n` },
    { name: 'nested directives', text: `job "x" {\n  meta { a = "${'%{ if true }'.repeat(N)}${'%{ endif }'.repeat(N)}" }\n}\n` },
    { name: 'open braces only', text: '{'.repeat(N) },
    { name: 'close braces only', text: '}'.repeat(N) },
    { name: 'unbalanced braces', text: Array.from({ length: N }, () => pick(random, ['{', '}', '{\n', '}\n', 'a {', '"', '['])).join('') },
    { name: 'unclosed heredocs', text: `job "x" {\n${'  a = <<EOF\n'.repeat(1000)}` },
    { name: 'binary', text: randomBinary(random, size(200_000)) },
    { name: 'junk code units', text: randomJunk(random, size(50_000)) },
    { name: 'NUL bytes in a job', text: job.replace(/\n/g, '\u0000\n') },
    { name: 'surrogates in a job', text: job.replace(/"/g, () => pick(random, ['"\uD83D', '"😀', '"\uDE00\uD83D', '"'])) },
    { name: 'CRLF job', text: job.replace(/\n/g, '\r\n') },
    { name: 'lone CR job', text: job.replace(/\n/g, '\r') },
    { name: 'mixed line breaks', text: job.replace(/\n/g, () => pick(random, ['\n', '\r\n', '\r', '\n\r'])) },
    { name: 'long line', text: `job "x" {\n  meta { a = "${'a'.repeat(size(500_000))}" }\n}\n` },
    { name: 'many attributes', text: `job "x" {\n${Array.from({ length: size(50_000) }, (_, i) => `  a${i} = ${i}\n`).join('')}}\n` },
    { name: '10 MB file', text: big },
    { name: 'empty', text: '' },
  ];
}
