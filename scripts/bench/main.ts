import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { newHclParser } from '../../server/src/node/treeSitter';
import { BenchClient, type Pos } from './client';
import { generateJob, type GeneratedJob } from './generate';
import { editComparison, fullAnalysis, hcl2jsonParse, toggleEdit } from './inProcess';
import { type Row, summarize, table } from './stats';

/**
 * `npm run bench`: the bundled server (dist/server.js --stdio) driven over JSON-RPC on generated
 * jobs, plus in-process baselines. Options: --quick (fewer samples), --profile (servers run with
 * --cpu-prof into bench-profiles/), --only=<section,…> (inprocess, big, startup, huge, workspace).
 */

const ROOT = path.resolve(__dirname, '../../..');
const SERVER = path.join(ROOT, 'dist/server.js');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const wants = (section: string) => !only || only.includes(section);
const PROFILE_DIR = path.join(ROOT, 'bench-profiles');

const SEED = 20240611;
const SAMPLES = quick ? 60 : 200;
/** In-process edits run before sampling: a server being typed into runs optimised code (the LSP section warms up too). */
const WARM_EDITS = quick ? 100 : 400;
/** Longer than the server's 20 ms burst window, so every edit is analysed at once (no debounce). */
const PACE_MS = 25;
/** How long the server is left idle before its memory is read (it trims its heap after 0.5 s and 1 s idle, and gives back its young generation after 6 s). */
const IDLE_MS = 8000;

const rows: Row[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s: string) => process.stderr.write(`${s}\n`);

function newClient(): BenchClient {
  // Started as the VS Code client starts it: plain node; BENCH_NODE_FLAGS adds flags to compare variants.
  const flags = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  return new BenchClient(SERVER, [...flags, ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])]);
}

function timing(key: string, label: string, samples: number[], target?: { words: string; p95?: number; p50?: number }, note?: string): Row {
  const summary = summarize(samples);
  const ok = target?.p95 !== undefined ? summary.p95 < target.p95 : target?.p50 !== undefined ? summary.p50 < target.p50 : undefined;
  const row: Row = { key, label, summary, target: target?.words, ok, note };
  rows.push(row);
  return row;
}

function value(key: string, label: string, v: number, unit: string, target?: { words: string; ok: boolean }, note?: string): void {
  rows.push({ key, label, value: v, unit, target: target?.words, ok: target?.ok, note });
}

function missing(key: string, label: string, target: string | undefined, note: string): void {
  rows.push({ key, label, target, note });
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await f();
  return { ms: performance.now() - t0, result };
}

/** Types/deletes one character at `at` and waits for that version's diagnostics; returns ms. */
async function editRoundTrip(client: BenchClient, uri: string, version: number, sample: number, at: Pos): Promise<number> {
  const edit = toggleEdit(sample, at);
  const t0 = performance.now();
  await client.change(uri, version, edit.range, edit.text);
  const { at: arrived } = await client.diagnostics(uri, version);
  return arrived - t0;
}

async function inProcessSection(big: GeneratedJob, huge: GeneratedJob): Promise<Record<string, number>> {
  log('in-process: bare reparse, core edit stages, full parses, hcl2json…');
  const parser = await newHclParser();
  const at = big.marks.editAt;
  const n = SAMPLES * 2;
  const { bare: bareTimes, core: stages } = editComparison(parser, big.text, at, n, WARM_EDITS);
  const bare = summarize(bareTimes);
  rows.push({ key: 'bareReparse', label: 'tree-sitter reparse alone (5k job, in-process)', summary: bare, note: `tree.edit + parse(text, oldTree) + delete; both sampled after ${WARM_EDITS} warm-up edits` });
  const total = summarize(stages.total);
  const analysisOnly = summarize(stages.total.map((t, i) => t - stages.reparse[i]));
  rows.push({ key: 'coreEdit.reparse', label: '  core: update (reparse)', summary: summarize(stages.reparse) });
  rows.push({ key: 'coreEdit.view', label: '  core: HCL view (incremental)', summary: summarize(stages.view) });
  rows.push({ key: 'coreEdit.model', label: '  core: job model', summary: summarize(stages.model) });
  rows.push({ key: 'coreEdit.rules', label: '  core: syntax + all rules', summary: summarize(stages.rules) });
  rows.push({ key: 'coreEdit.total', label: 'core edit total (in-process)', summary: total });
  // "Analysis time for an edit" = all the core does beyond tree-sitter's own reparse (our update
  // bookkeeping, view, model, rules), compared with that reparse.
  const ours = total.p50 - bare.p50;
  const ratio = ours / bare.p50;
  value('ratio.editVsReparse', 'our analysis per edit / bare reparse (p50)', ratio, 'x', { words: '<= 1.5x', ok: ratio <= 1.5 }, `(core edit total - bare reparse) = ${ours.toFixed(3)} ms; total / bare ${(total.p50 / bare.p50).toFixed(1)}x; after the update stage alone ${(analysisOnly.p50 / bare.p50).toFixed(1)}x`);

  const full = async (name: string, label: string, text: string, n: number, m: number) => {
    const stages = fullAnalysis(parser, text, n);
    const ours = summarize(stages.total);
    const p50 = (xs: number[]) => summarize(xs).p50.toFixed(1);
    rows.push({
      key: `full.${name}`,
      label: `full parse + analysis, ${label} (in-process)`,
      summary: ours,
      note: `p50 parse ${p50(stages.reparse)} / view ${p50(stages.view)} / model ${p50(stages.model)} / rules ${p50(stages.rules)}`,
    });
    const theirs = summarize(await hcl2jsonParse(text, m));
    rows.push({ key: `hcl2json.${name}`, label: `hcl2json parse, ${label}`, summary: theirs });
    const speed = theirs.p50 / ours.p50;
    // What the mandated parser alone allows: no analysis on top of tree-sitter can beat this.
    const ceiling = theirs.p50 / summarize(stages.reparse).p50;
    value(`ratio.hcl2jsonVsFull.${name}`, `hcl2json / our full analysis, ${label} (p50)`, speed, 'x', { words: '>= 5x', ok: speed >= 5 }, `ceiling with tree-sitter's parse alone: ${ceiling.toFixed(2)}x`);
  };
  await full('big', '5k job', big.text, quick ? 10 : 30, quick ? 5 : 15);
  await full('huge', '2 MB job', huge.text, quick ? 2 : 5, quick ? 2 : 5);
  parser.delete();
  return { bareP50: bare.p50 };
}

interface Capabilities {
  completionProvider?: unknown;
  hoverProvider?: unknown;
  definitionProvider?: unknown;
  codeActionProvider?: unknown;
}

async function bigJobSection(big: GeneratedJob, bareP50?: number): Promise<void> {
  log('server: 5,000-line job (edit → diagnostics, completion, hover, definition, code actions)…');
  const client = newClient();
  const { capabilities } = (await client.initialize()) as { capabilities: Capabilities };
  const uri = 'file:///bench/big.nomad';
  let version = 1;
  await client.open(uri, big.text, version);
  const first = await client.diagnostics(uri, version);
  const m = big.marks;

  // Warm-up: JIT the edit path before sampling.
  for (let i = 0; i < 20; i++) {
    await editRoundTrip(client, uri, ++version, i, m.editAt);
    await sleep(PACE_MS);
  }
  const edits: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    edits.push(await editRoundTrip(client, uri, ++version, i, m.editAt));
    await sleep(PACE_MS);
  }
  const editRow = timing('edit.big', 'edit → diagnostics, 5k job (LSP)', edits, { words: 'p95 < 10 ms', p95: 10 }, `paced ${PACE_MS} ms apart: no debounce counted`);
  if (bareP50) value('ratio.lspEditVsReparse', 'LSP edit round trip / bare reparse (p50)', editRow.summary!.p50 / bareP50, 'x', undefined, 'includes JSON-RPC over pipes');

  // Requests on a fresh version each time: an edit elsewhere, its diagnostics, then the request.
  const perVersion = async (request: () => Promise<unknown>): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < SAMPLES + 10; i++) {
      await editRoundTrip(client, uri, ++version, i, m.editAt);
      const { ms } = await timed(request);
      if (i >= 10) out.push(ms);
    }
    return out;
  };
  const pos = (p: Pos) => ({ textDocument: { uri }, position: p });

  if (capabilities.hoverProvider) {
    timing('hover', 'hover on ${NOMAD_UPSTREAM_ADDR_…} (LSP)', await perVersion(() => client.request('textDocument/hover', pos(m.upstreamRef))));
  } else missing('hover', 'hover (LSP)', undefined, 'not registered by the server yet');
  if (capabilities.definitionProvider) {
    timing('definition', 'definition of ${NOMAD_UPSTREAM_ADDR_…} (LSP)', await perVersion(() => client.request('textDocument/definition', pos(m.upstreamRef))));
  } else missing('definition', 'definition (LSP)', undefined, 'not registered by the server yet');
  if (capabilities.codeActionProvider) {
    const diag = first.params.diagnostics.find((d) => (d.range as { start: Pos }).start.line === m.diagnostic.line);
    const range = diag ? diag.range : { start: m.diagnostic, end: m.diagnostic };
    timing(
      'codeAction',
      'code actions at a diagnostic (LSP)',
      await perVersion(() => client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: diag ? [diag] : [] } })),
      undefined,
      diag ? `at ${String(diag.code)}` : 'no diagnostic found at the probe: plain range',
    );
  } else missing('codeAction', 'code actions (LSP)', undefined, 'not registered by the server yet');

  if (capabilities.completionProvider) {
    // Typing after `${NOMAD_` inside a closed `${…}`: one character typed/deleted per sample.
    const typing = async (at: Pos): Promise<{ ms: number[]; empty: number }> => {
      const out: number[] = [];
      let empty = 0;
      for (let i = 0; i < SAMPLES + 10; i++) {
        await editRoundTrip(client, uri, ++version, i, at);
        const cursor = { line: at.line, character: at.character + (i % 2 === 0 ? 1 : 0) };
        const { ms, result } = await timed(() => client.request<{ items?: unknown[] } | unknown[] | null>('textDocument/completion', pos(cursor)));
        const count = Array.isArray(result) ? result.length : result?.items?.length ?? 0;
        if (count === 0) empty++;
        if (i >= 10) out.push(ms);
      }
      return { ms: out, empty };
    };
    const words = (r: { empty: number }, note: string) => (r.empty ? `${note}; ${r.empty} answers were EMPTY` : note);
    const closed = await typing(m.completionClosed);
    timing('completion.closed', 'completion in `${NOMAD_…}` (LSP)', closed.ms, { words: 'p95 < 5 ms', p95: 5 }, words(closed, 'new version per request'));
    // Leave `"${NOMAD_` open (no `}`, quote or `]`), as while typing in a list.
    const line = m.completionOpen;
    await client.change(uri, ++version, { start: line, end: { line: line.line, character: line.lineEnd } }, '');
    await client.diagnostics(uri, version);
    const open = await typing(m.completionOpen);
    timing('completion.open', 'completion in unclosed `"${NOMAD_` (LSP)', open.ms, { words: 'p95 < 5 ms', p95: 5 }, words(open, 'syntax error there: repaired copy parsed'));
  } else {
    missing('completion.closed', 'completion in `${NOMAD_…}` (LSP)', 'p95 < 5 ms', 'not registered by the server yet');
  }
  value('rss.big', 'server RSS, 5k job open', client.memory().rssMiB, 'MiB');
  await client.shutdown();
}

async function startupSection(big: GeneratedJob): Promise<void> {
  const runs = quick ? 5 : 20;
  log(`server: initialize → first diagnostics of the 5k job (${runs} cold starts)…`);
  const toInit: number[] = [];
  const toDiag: number[] = [];
  for (let i = 0; i < runs; i++) {
    const client = newClient();
    const t0 = performance.now();
    await client.initialize();
    const t1 = performance.now();
    await client.open('file:///bench/big.nomad', big.text, 1);
    const { at } = await client.diagnostics('file:///bench/big.nomad', 1);
    toInit.push(t1 - client.spawnedAt);
    toDiag.push(at - t0);
    await client.shutdown();
  }
  timing('startup.initialize', 'spawn → initialize result', toInit, undefined, 'node start + wasm load');
  timing('startup.firstDiagnostics', 'initialize → first diagnostics, 5k job', toDiag, { words: 'p95 < 300 ms', p95: 300 }, 'initialize sent right after spawn');
}

async function hugeSection(huge: GeneratedJob): Promise<void> {
  log('server: 2 MB job…');
  const client = newClient();
  await client.initialize();
  const uri = 'file:///bench/huge.nomad';
  const open = await timed(async () => {
    await client.open(uri, huge.text, 1);
    return client.diagnostics(uri, 1);
  });
  const notice = open.result.params.diagnostics.find((d) => /not analysed|not analyzed/.test(d.message));
  value('huge.open', 'open → diagnostics, 2 MB job', open.ms, 'ms', undefined, notice ? `server declines: ${notice.message.slice(0, 70)}` : `${open.result.params.diagnostics.length} diagnostics`);
  let version = 1;
  const edits: number[] = [];
  const n = quick ? 30 : SAMPLES;
  for (let i = 0; i < n + 5; i++) {
    const ms = await editRoundTrip(client, uri, ++version, i, huge.marks.editAt);
    if (i >= 5) edits.push(ms);
    await sleep(PACE_MS);
  }
  timing('edit.huge', 'edit → diagnostics, 2 MB job (LSP)', edits, undefined, notice ? 'file not analysed (size limit)' : undefined);
  value('rss.huge', 'server RSS, 2 MB job open', client.memory().rssMiB, 'MiB');
  await client.shutdown();
}

async function workspaceSection(): Promise<void> {
  log('server: workspace of 200 jobs (indexing, open all, RSS)…');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nomad-bench-'));
  try {
    const names = Array.from({ length: 200 }, (_, i) => `ws${String(i).padStart(3, '0')}`);
    const serviceNames = names.flatMap((n) => [`${n}g000`, `${n}g001`]);
    const jobs = names.map((n, i) => generateJob({ seed: SEED + 1 + i, job: n, groups: 2, peers: serviceNames }));
    mkdirSync(path.join(dir, 'jobs'));
    jobs.forEach((j, i) => writeFileSync(path.join(dir, 'jobs', `${names[i]}.nomad`), j.text));
    const expected = new Set(jobs.flatMap((j) => j.services));
    const lines = jobs.reduce((s, j) => s + j.lines, 0) / jobs.length;

    const client = newClient();
    const rootUri = pathToFileURL(dir).href;
    const tInit = performance.now();
    await client.initialize(rootUri);
    const t0 = performance.now();
    // As when an editor restores a file at start: opened while the index is being built.
    const firstUri = pathToFileURL(path.join(dir, 'jobs', `${names[0]}.nomad`)).href;
    void client.open(firstUri, jobs[0].text, 1);
    void client.diagnostics(firstUri, 1).then(({ at }) =>
      value('workspace.firstDiagnostics', 'initialize → first diagnostics, while indexing', at - tInit, 'ms', undefined, 'a 200-line job opened right after initialized'),
    );
    let indexed: number | undefined;
    let why = '';
    for (;;) {
      let services: { name: string }[];
      try {
        services = (await client.request<{ services: { name: string }[] }>('nomadConnect/workspaceServices', {})).services;
      } catch (err) {
        why = `nomadConnect/workspaceServices failed: ${err instanceof Error ? err.message : String(err)}`;
        break;
      }
      if (services.filter((s) => expected.has(s.name)).length === expected.size) {
        indexed = performance.now() - t0;
        break;
      }
      if (performance.now() - t0 > 120000) {
        why = 'index incomplete after 120 s';
        break;
      }
      await sleep(2);
    }
    if (indexed !== undefined) value('workspace.index', `index 200 jobs (~${Math.round(lines)} lines each)`, indexed, 'ms', undefined, 'initialized → workspaceServices lists all their services (polled)');
    else missing('workspace.index', 'index 200 jobs', undefined, `not measurable yet: ${why}`);
    const rssIndexed = client.memory().rssMiB;

    const open = await timed(async () => {
      for (let i = 1; i < jobs.length; i++) await client.open(pathToFileURL(path.join(dir, 'jobs', `${names[i]}.nomad`)).href, jobs[i].text, 1);
      for (let i = 0; i < jobs.length; i++) await client.diagnostics(pathToFileURL(path.join(dir, 'jobs', `${names[i]}.nomad`)).href, 1);
    });
    value('workspace.openAll', 'open 200 jobs → all diagnostics', open.ms, 'ms');
    const rssOpened = client.memory().rssMiB;
    // The server gives memory back once idle after bulk work (node/idleTrim.ts): measure it settled.
    await sleep(IDLE_MS);
    const mem = client.memory();
    value('rss.workspace', 'server RSS, 200 jobs open', mem.rssMiB, 'MiB', { words: '< 80 MiB', ok: mem.rssMiB < 80 }, `${IDLE_MS / 1000} s idle; at once ${rssOpened.toFixed(1)}, after index ${rssIndexed.toFixed(1)}, peak ${mem.peakMiB.toFixed(1)} MiB`);
    await client.shutdown();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function gitCommit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim() + (execSync('git status --porcelain server', { cwd: ROOT, encoding: 'utf8' }).trim() ? '+dirty' : '');
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  if (profile) mkdirSync(PROFILE_DIR, { recursive: true });
  const big = generateJob({ seed: SEED, job: 'big', groups: 50 });
  const huge = generateJob({ seed: SEED, job: 'huge', groups: 1000, minBytes: 2 * 1024 * 1024 });
  const loadBefore = os.loadavg();
  log(`workloads: 5k job ${big.lines} lines / ${(big.text.length / 1024).toFixed(0)} KiB; 2 MB job ${huge.lines} lines / ${(huge.text.length / 1048576).toFixed(2)} MiB; load ${loadBefore.map((l) => l.toFixed(2)).join(' ')}`);
  let bareP50: number | undefined;
  if (wants('inprocess')) bareP50 = (await inProcessSection(big, huge)).bareP50;
  if (wants('big')) await bigJobSection(big, bareP50);
  if (wants('startup')) await startupSection(big);
  if (wants('huge')) await hugeSection(huge);
  if (wants('workspace')) await workspaceSection();
  const loadAfter = os.loadavg();

  const header = [
    `Nomad Connect benchmark — ${new Date().toISOString()} — commit ${gitCommit()} — node ${process.version} — ${os.cpus().length} cores`,
    `load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')} (shared machine: other runs inflate the numbers)`,
    `workloads (seed ${SEED}): 5k job = ${big.lines} lines, ${big.groups} groups; 2 MB job = ${huge.lines} lines, ${huge.groups} groups; workspace = 200 jobs × 2 groups`,
  ];
  console.log(header.join('\n'));
  console.log(table(rows));
  console.log(
    JSON.stringify({
      bench: 'nomad-connect',
      date: new Date().toISOString(),
      commit: gitCommit(),
      node: process.version,
      cores: os.cpus().length,
      load: { before: loadBefore, after: loadAfter },
      samples: SAMPLES,
      results: Object.fromEntries(rows.map((r) => [r.key, r.summary ? { ...r.summary } : r.value !== undefined ? { value: r.value, unit: r.unit } : { note: r.note }])),
      targetsMissed: rows.filter((r) => r.ok === false).map((r) => r.key),
    }),
  );
  if (profile) log(`profiles in ${PROFILE_DIR}: ${readdirSync(PROFILE_DIR).length} files; summarize with node scripts/bench/profile-summary.mjs <file>`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
