/**
 * The two targets, checked against the run's own cells. The figures are printed either way:
 * a miss is reported as a miss, and nothing here feeds back into how the bench measures.
 */
import type { CellPair } from './bench-results';
import type { FsyncFloor } from './fsync-floor';
import { formatMs } from './latency';

/** 3.3:1 mix at 64 in flight: at least this many times etcd's throughput. */
export const mixThroughputRatioMin = 2;
/** A single client's write p50, in ms. */
export const singleWriteP50MsMax = 1;

export interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

function findCell(pairs: readonly CellPair[], workload: string, concurrency: number): CellPair | undefined {
  return pairs.find((pair) => pair.workload.name === workload && pair.concurrency === concurrency);
}

export function checkTargets(pairs: readonly CellPair[], floor: FsyncFloor): TargetCheck[] {
  const mix = findCell(pairs, 'mix', 64);
  const write = findCell(pairs, 'write', 1);
  const checks: TargetCheck[] = [];
  if (mix) {
    const ours = mix.paxos.result.opsPerSecond;
    const theirs = mix.etcd.result.opsPerSecond;
    const ratio = theirs > 0 ? ours / theirs : Number.NaN;
    checks.push({
      name: `3.3:1 mix at 64 in flight ≥ ${mixThroughputRatioMin}× etcd`,
      met: Number.isNaN(ratio) ? null : ratio >= mixThroughputRatioMin,
      detail: `paxos ${Math.round(ours)} ops/s vs etcd ${Math.round(theirs)} ops/s = ${Number.isNaN(ratio) ? '—' : ratio.toFixed(2)}×`,
    });
  }
  if (write) {
    const p50 = write.paxos.result.writes.p50Ms;
    checks.push({
      name: `single-client write p50 ≤ ${singleWriteP50MsMax} ms`,
      met: Number.isNaN(p50) ? null : p50 <= singleWriteP50MsMax,
      detail:
        `paxos ${formatMs(p50)} ms, etcd ${formatMs(write.etcd.result.writes.p50Ms)} ms; ` +
        `floor: one fdatasync (p50 ${formatMs(floor.p50Ms)} ms here) + one loopback round trip`,
    });
  }
  return checks;
}

export function formatTargetCheck(check: TargetCheck): string {
  const verdict = check.met === null ? 'NOT MEASURED' : check.met ? 'MET' : 'MISSED';
  return `- ${check.name}: ${verdict} (${check.detail})`;
}
