/**
 * `npm run bench:storage`: synced PLog writes on this machine's disk, one at a time and from 1, 16
 * and 64 concurrent writers, with and without the GroupCommitter. Prints puts/s and latency
 * percentiles; compare with perf-anchors.md (classic-level synced put p50 ~290 µs; 16-put batch
 * ~17k puts/s). Set BENCH_DIR to measure another volume than the OS temp dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersistRecord } from '../../app/paxos/types';
import { GroupCommitter, openPLogStore, type PLogStore } from '../../node-agent';
// The storage tests' records, so the bench writes what the tests prove the store keeps.
import { persistOf } from '../../test/support/sample-records';

const valueBytes = 128;
const keysPerWriter = 64;
const writesPerRun = Number(process.env.BENCH_WRITES ?? 4000);

/** Writes one record and resolves once it is durable. */
type WriteOne = (record: PersistRecord) => Promise<void>;

interface RunResult {
  name: string;
  putsPerSecond: number;
  p50Us: number;
  p99Us: number;
  batches: number | null;
}

function percentileUs(sortedMs: number[], fraction: number): number {
  const at = Math.min(sortedMs.length - 1, Math.floor(sortedMs.length * fraction));
  return Math.round((sortedMs[at] ?? 0) * 1000);
}

/** Closed loop: `writers` loops each write, wait, write again, until `writesPerRun` writes are done. */
async function run(name: string, writers: number, writeOne: WriteOne): Promise<Omit<RunResult, 'batches'>> {
  const latenciesMs: number[] = [];
  let issued = 0;
  async function writer(id: number): Promise<void> {
    for (let n = 0; issued < writesPerRun; n++) {
      issued += 1;
      const started = performance.now();
      await writeOne(persistOf(`w${id}-k${n % keysPerWriter}`, n + 1, new Uint8Array(valueBytes)));
      latenciesMs.push(performance.now() - started);
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: writers }, (_, id) => writer(id)));
  const elapsedMs = performance.now() - started;
  latenciesMs.sort((a, b) => a - b);
  return {
    name,
    putsPerSecond: Math.round((latenciesMs.length / elapsedMs) * 1000),
    p50Us: percentileUs(latenciesMs, 0.5),
    p99Us: percentileUs(latenciesMs, 0.99),
  };
}

async function withFreshStore<T>(body: (store: PLogStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'paxoscope-bench-'));
  const store = await openPLogStore(dir);
  try {
    return await body(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function direct(name: string, writers: number): Promise<RunResult> {
  return withFreshStore(async (store) => ({
    ...(await run(name, writers, (record) => store.writeBatch([record], true))),
    batches: null,
  }));
}

function grouped(writers: number): Promise<RunResult> {
  return withFreshStore(async (store) => {
    const committer = new GroupCommitter(store);
    const result = await run(`group commit, ${writers} writers`, writers, (record) =>
      committer.commit([record], true),
    );
    return { ...result, batches: committer.stats.batches };
  });
}

function formatRow(result: RunResult): string {
  const perBatch = result.batches === null ? '-' : (writesPerRun / result.batches).toFixed(1);
  return [
    result.name.padEnd(34),
    String(result.putsPerSecond).padStart(8),
    String(result.p50Us).padStart(9),
    String(result.p99Us).padStart(9),
    String(result.batches ?? '-').padStart(8),
    perBatch.padStart(10),
  ].join(' ');
}

async function main(): Promise<void> {
  console.log(
    `synced PLog writes: ${writesPerRun} per run, ${valueBytes} B values, load average ${loadavg()[0]?.toFixed(2)}`,
  );
  console.log(
    `${'run'.padEnd(34)} ${'puts/s'.padStart(8)} ${'p50 µs'.padStart(9)} ${'p99 µs'.padStart(9)} ${'batches'.padStart(8)} ${'puts/batch'.padStart(10)}`,
  );
  const runs: (() => Promise<RunResult>)[] = [
    () => direct('one at a time (no group commit)', 1),
    () => direct('16 concurrent, no group commit', 16),
    () => direct('64 concurrent, no group commit', 64),
    () => grouped(1),
    () => grouped(16),
    () => grouped(64),
  ];
  for (const next of runs) console.log(formatRow(await next()));
}

await main();
