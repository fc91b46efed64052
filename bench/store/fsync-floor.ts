/**
 * The disk floor: a single thread appending 128-byte records with write + fdatasync, the same loop as
 * perf-anchors.md §1. No synced write in either system can be faster than one of these iterations.
 */
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { formatMs, summarizeLatencies, type LatencySummary } from './latency';

const recordBytes = 128;

export interface FsyncFloor extends LatencySummary {
  opsPerSecond: number;
  directory: string;
}

/** Runs `samples` write+fdatasync iterations in a fresh file under `parentDir`, then deletes it. */
export function measureFsyncFloor(parentDir: string, samples: number): FsyncFloor {
  const directory = mkdtempSync(join(parentDir, 'fsync-floor-'));
  const fd = openSync(join(directory, 'floor.bin'), 'w');
  const record = Buffer.alloc(recordBytes, 0x5a);
  const latenciesMs: number[] = [];
  const startedMs = performance.now();
  try {
    for (let n = 0; n < samples; n++) {
      const beganMs = performance.now();
      writeSync(fd, record);
      fdatasyncSync(fd);
      latenciesMs.push(performance.now() - beganMs);
    }
  } finally {
    closeSync(fd);
    rmSync(directory, { recursive: true, force: true });
  }
  const elapsedMs = performance.now() - startedMs;
  return {
    ...summarizeLatencies(latenciesMs),
    opsPerSecond: (samples / elapsedMs) * 1000,
    directory: parentDir,
  };
}

export function describeFsyncFloor(floor: FsyncFloor): string {
  const syncs = Math.round(floor.opsPerSecond).toLocaleString('en-US');
  return `p50 ${formatMs(floor.p50Ms)} ms, p99 ${formatMs(floor.p99Ms)} ms, ${syncs} syncs/s`;
}
