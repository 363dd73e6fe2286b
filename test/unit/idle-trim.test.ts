import assert from 'node:assert/strict';
import v8 from 'node:v8';
import { describe, it } from 'node:test';
import { exposeGc, startIdleTrim } from '../../server/src/node/idleTrim';

const heapSize = () => v8.getHeapStatistics().total_heap_size;
const MiB = 1024 * 1024;

/** Garbage that reaches the old generation (kept alive across scavenges, then dropped). */
function churn(): number {
  let keep: string[][] = [];
  for (let i = 0; i < 40; i++) keep.push(Array.from({ length: 20000 }, (_, j) => `item ${i}:${j}`));
  const n = keep.length;
  keep = [];
  return n + keep.length;
}

describe('idle trim: memory goes back after bulk work', () => {
  it('the engine gives its full-GC function at runtime', () => {
    assert.equal(typeof exposeGc(), 'function');
  });

  it('collects once the heap grew and the event loop is idle, and shrinks the heap', async () => {
    exposeGc()!();
    churn();
    const grown = heapSize();
    // Every period counts as idle here, so the test does not depend on the machine's load.
    const stop = startIdleTrim({ periodMs: 20, growthBytes: 0, idleUtilization: 1.01 });
    try {
      const deadline = Date.now() + 3000;
      while (heapSize() >= grown - 4 * MiB && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.ok(heapSize() < grown - 4 * MiB, `heap ${(grown / MiB).toFixed(1)} MiB before, ${(heapSize() / MiB).toFixed(1)} MiB after`);
    } finally {
      stop();
    }
  });
});
