/**
 * The closed loop: `concurrency` workers each send one request, wait for its answer and send the next,
 * on uniformly random keys. Requests that start during the warm-up, or finish after the measured
 * window, are not counted. The same loop runs against both systems.
 */
import { randomFillSync } from 'node:crypto';
import { summarizeLatencies, type LatencySummary } from './latency';
import type { StoreClient, WritePath } from './store-client';

export interface Workload {
  name: 'write' | 'read' | 'mix';
  /** Probability that a request is a read. */
  readShare: number;
}

/** Write-only, read-only and 3.3 reads : 1 write. */
export const workloads: readonly Workload[] = [
  { name: 'write', readShare: 0 },
  { name: 'read', readShare: 1 },
  { name: 'mix', readShare: 3.3 / 4.3 },
];

export interface CellSettings {
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  keys: readonly string[];
  valueBytes: number;
}

export interface CellResult {
  measuredSeconds: number;
  opsPerSecond: number;
  all: LatencySummary;
  reads: LatencySummary;
  writes: LatencySummary;
  /** Counted writes by how they were decided. */
  writePaths: Record<WritePath, number>;
  /** Failed requests (any time in the cell) by message, and reads that found no value. */
  errors: Map<string, number>;
}

/** A cell stops early once this many requests failed: the system is broken, not slow. */
const errorsMax = 1000;

export async function runCell(
  client: StoreClient,
  workload: Workload,
  settings: CellSettings,
): Promise<CellResult> {
  const readMs: number[] = [];
  const writeMs: number[] = [];
  const writePaths: Record<WritePath, number> = { fast: 0, prepare: 0, dedup: 0, 'n/a': 0 };
  const errors = new Map<string, number>();
  let errorCount = 0;
  const startMs = performance.now();
  const measureFromMs = startMs + settings.warmupMs;
  const endMs = measureFromMs + settings.measureMs;

  async function worker(): Promise<void> {
    const value = new Uint8Array(settings.valueBytes);
    while (performance.now() < endMs && errorCount < errorsMax) {
      const key = settings.keys[Math.floor(Math.random() * settings.keys.length)]!;
      const isRead = Math.random() < workload.readShare;
      const beganMs = performance.now();
      let path: WritePath | null = null;
      try {
        if (isRead) {
          if (!(await client.get(key))) throw new Error('read found no value for a preloaded key');
        } else {
          randomFillSync(value);
          path = await client.put(key, value);
        }
      } catch (error) {
        errorCount += 1;
        const message = (error as Error).message.slice(0, 160);
        errors.set(message, (errors.get(message) ?? 0) + 1);
        continue;
      }
      const doneMs = performance.now();
      if (beganMs < measureFromMs || doneMs > endMs) continue;
      (isRead ? readMs : writeMs).push(doneMs - beganMs);
      if (path !== null) writePaths[path] += 1;
    }
  }

  await Promise.all(Array.from({ length: settings.concurrency }, () => worker()));
  const measuredSeconds = Math.max(0, Math.min(performance.now(), endMs) - measureFromMs) / 1000;
  const counted = readMs.length + writeMs.length;
  return {
    measuredSeconds,
    opsPerSecond: measuredSeconds > 0 ? counted / measuredSeconds : 0,
    all: summarizeLatencies([...readMs, ...writeMs]),
    reads: summarizeLatencies(readMs),
    writes: summarizeLatencies(writeMs),
    writePaths,
    errors,
  };
}

/** Attempts per key while preloading: setup is not measured, so a failed write is tried again. */
const preloadAttemptsMax = 20;
/** Pause before a preload retry grows by this much per attempt, to let a contended key settle. */
const preloadBackoffStepMs = 20;

/**
 * Writes every key once, `concurrency` at a time, so that reads find values and writes find owners.
 * Resolves the number of attempts that failed and were retried.
 */
export async function preload(
  client: StoreClient,
  keys: readonly string[],
  valueBytes: number,
  concurrency: number,
): Promise<number> {
  let next = 0;
  let retried = 0;
  async function writeKey(key: string, value: Uint8Array): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.put(key, value);
        return;
      } catch (error) {
        if (attempt >= preloadAttemptsMax) {
          throw new Error(
            `preload of ${key} into ${client.system} failed ${attempt} times: ${(error as Error).message}`,
          );
        }
        retried += 1;
        await new Promise((resolve) => setTimeout(resolve, attempt * preloadBackoffStepMs));
      }
    }
  }
  async function worker(): Promise<void> {
    const value = new Uint8Array(valueBytes);
    while (next < keys.length) {
      randomFillSync(value);
      await writeKey(keys[next++]!, value);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return retried;
}
