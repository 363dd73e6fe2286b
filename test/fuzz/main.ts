import { runFuzz, saveFailures, summary } from './fuzzer';

/**
 * `npm run fuzz`: a long fuzz run of the bundled server. Environment: FUZZ_SEED (default: random,
 * printed), FUZZ_EDITS (default 5000), FUZZ_STRIDE (truncation stride, default 1), FUZZ_TIMEOUT_MS
 * (default 2000), FUZZ_PATHOLOGICAL=0 (skip the pathological inputs),
 * FUZZ_SERVER (another server script to drive). Exit status 1 when anything failed; the failing documents are saved for fixtures.
 */
async function main(): Promise<void> {
  const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  const seed = env('FUZZ_SEED', Math.floor(Math.random() * 2 ** 31));
  process.stdout.write(`fuzz: seed ${seed} (reproduce with FUZZ_SEED=${seed})\n`);
  const report = await runFuzz({
    seed,
    edits: env('FUZZ_EDITS', 5000),
    editsPerFile: 60,
    truncateStride: env('FUZZ_STRIDE', 1),
    pathological: process.env.FUZZ_PATHOLOGICAL !== '0',
    heavy: true,
    timeoutMs: env('FUZZ_TIMEOUT_MS', 2000),
    serverScript: process.env.FUZZ_SERVER || undefined,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${summary(report)}\n`);
  const dir = saveFailures(report);
  if (dir) process.stdout.write(`fuzz: failing documents saved in ${dir}\n`);
  process.exitCode = report.failures.length > 0 ? 1 : 0;
}

void main();
