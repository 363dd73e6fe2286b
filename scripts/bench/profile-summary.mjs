// Sums self time per function of a V8 .cpuprofile (from `node --cpu-prof`) and prints the top
// entries: `node scripts/bench/profile-summary.mjs <file.cpuprofile> [top=30] [--callers=<function>]`
// (--callers: where the self time of that function comes from, by calling stack of 4 frames).
import { readFileSync } from 'node:fs';

const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const callersOf = process.argv.find((a) => a.startsWith('--callers='))?.slice(10);
const [file, topArg] = positional;
if (!file) {
  console.error('usage: node scripts/bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg ?? 30);

// Each sample names the node that was on top of the stack; timeDeltas[i] is the time before it.
const selfMs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
}
const byFunction = new Map();
let total = 0;
for (const node of profile.nodes) {
  const ms = selfMs.get(node.id) ?? 0;
  total += ms;
  const cf = node.callFrame;
  const where = cf.url ? `${cf.url.replace(/^.*\/(dist|out|node_modules)\//, '$1/')}:${cf.lineNumber + 1}` : '';
  const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
}
const rows = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
console.log(`${file}: ${total.toFixed(0)} ms sampled`);
for (const [key, ms] of rows) console.log(`${ms.toFixed(1).padStart(9)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${key}`);

if (callersOf) {
  const parent = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stacks = new Map();
  for (const n of profile.nodes) {
    if ((n.callFrame.functionName || '(anonymous)') !== callersOf) continue;
    const frames = [];
    for (let p = parent.get(n.id), k = 0; p !== undefined && k < 4; p = parent.get(p), k++) {
      const cf = byId.get(p).callFrame;
      frames.push(`${cf.functionName || '(anonymous)'}:${cf.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + (selfMs.get(n.id) ?? 0));
  }
  console.log(`\ncallers of ${callersOf}:`);
  for (const [key, ms] of [...stacks.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${key}`);
}
