import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back to the OS once the server goes idle after bulk work (indexing a workspace,
 * opening many files). That work leaves V8's heap tens of MiB above what stays live, and V8 only
 * shrinks it on its own much later, if ever. Two full collections are needed, in two idle periods:
 * the first one's sweeping finishes concurrently, the second releases the then empty pages; after
 * a longer idle time, one more gives back the young generation.
 */
export interface IdleTrimOptions {
  /** How often to look; a tick also counts as idle only if the event loop was idle for the whole period. */
  periodMs: number;
  /** Heap growth since the last trim that makes one worth it (a full GC costs milliseconds). */
  growthBytes: number;
  /** Event loop utilisation below which a period counts as idle. */
  idleUtilization: number;
  /**
   * Idle time after which a grown young generation is given back. Bursts grow it to 32 MiB, and
   * that stays committed; V8 shrinks it in a full collection only once the allocation rate over
   * the last 5 s is low, so this waits a little longer than that. (Keeping it small from the start,
   * with --semi-space-growth-factor=1, cost about 0.5 ms per edit of the 5,000-line job.)
   */
  youngIdleMs: number;
}

const DEFAULTS: IdleTrimOptions = { periodMs: 500, growthBytes: 8 * 1024 * 1024, idleUtilization: 0.02, youngIdleMs: 6000 };
/** A young generation above this (two 1 MiB semi-spaces) has grown since start-up. */
const YOUNG_START_BYTES = 2 * 1024 * 1024;

/** The engine's full-GC function, made reachable at runtime; undefined if the engine refuses. */
export function exposeGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc: unknown = vm.runInNewContext('gc');
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts watching; the timer is unref'd so it never keeps the process alive. Returns a stop function. */
export function startIdleTrim(options: Partial<IdleTrimOptions> = {}): () => void {
  const { periodMs, growthBytes, idleUtilization, youngIdleMs } = { ...DEFAULTS, ...options };
  const gc = exposeGc();
  if (!gc) return () => undefined;
  const heapSize = () => v8.getHeapStatistics().total_heap_size;
  const youngSize = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
  let baseline = heapSize();
  let last = performance.eventLoopUtilization();
  let idleFor = 0;
  // The second collection waits for another idle period: each pause stays short (about 15 ms per
  // 5,000-line job held), so a keystroke arriving meanwhile waits for one collection at most.
  let secondDue = false;
  const timer = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const idle = performance.eventLoopUtilization(now, last).utilization < idleUtilization;
    last = now;
    idleFor = idle ? idleFor + periodMs : 0;
    if (!idle) return;
    if (secondDue) {
      secondDue = false;
      gc();
      baseline = heapSize();
    } else if (heapSize() >= baseline + growthBytes) {
      gc();
      secondDue = true;
    } else if (idleFor >= youngIdleMs && youngSize() > YOUNG_START_BYTES) {
      gc();
      baseline = heapSize();
    } else return;
    // The collection itself must not count as activity for the next period.
    last = performance.eventLoopUtilization();
  }, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
