/**
 * Issue 16's goals, checked against the run's own cells. The figures are printed either way: a miss
 * is reported as a miss, and nothing here feeds back into how the bench measures.
 */
import { fastPathShare, type CellPair } from './bench-results';
import type { FsyncFloor } from './fsync-floor';
import { formatMs } from './latency';
import { serverCpuMsPerOp } from './report-table';

/** 3.3:1 mix at 64 in flight, the same unary client for both: at least etcd's throughput. */
export const mixUnaryRatioMin = 1;
/** 3.3:1 mix at 64 in flight through our pipelined client: at least this many times etcd's. */
export const mixPipelinedRatioMin = 2;
/** A single client's write p50, in ms, on a machine quiet enough for an absolute figure... */
export const singleWriteP50MsMax = 1;
/** ...or at most this share of etcd's p50 in the same run. */
export const singleWriteShareOfEtcdMax = 0.5;
/** Uncontended writes (one client) that take the fast path. */
export const fastPathShareMin = 0.95;

export interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

/** How long each system took to preload the keys, in seconds. */
export interface PreloadTimes {
  paxosSeconds: number;
  etcdSeconds: number;
  /** Which of our clients preloaded (the pipelined one when the run has it). */
  paxosClient: string;
}

function findCell(
  pairs: readonly CellPair[],
  workload: string,
  concurrency: number,
  client: CellPair['client'],
): CellPair | undefined {
  return pairs.find(
    (pair) => pair.workload.name === workload && pair.concurrency === concurrency && pair.client === client,
  );
}

function ratioCheck(pair: CellPair | undefined, min: number, label: string): TargetCheck[] {
  if (!pair) return [];
  const ours = pair.paxos.result.opsPerSecond;
  const theirs = pair.etcd.result.opsPerSecond;
  const ratio = theirs > 0 ? ours / theirs : Number.NaN;
  return [
    {
      name: `3.3:1 mix at 64 in flight, ${label}: ≥ ${min}× etcd`,
      met: Number.isNaN(ratio) ? null : ratio >= min,
      detail: `paxos ${Math.round(ours)} ops/s vs etcd ${Math.round(theirs)} ops/s = ${Number.isNaN(ratio) ? '—' : ratio.toFixed(2)}×`,
    },
  ];
}

function cpuCheck(pair: CellPair | undefined, label: string): TargetCheck[] {
  if (!pair) return [];
  const ours = serverCpuMsPerOp(pair.paxos, 'agents');
  const theirs = serverCpuMsPerOp(pair.etcd, 'etcd');
  return [
    {
      name: `server CPU per op, mix at 64 in flight, ${label}: agents ≤ etcd's members`,
      met: Number.isNaN(ours) || Number.isNaN(theirs) ? null : ours <= theirs,
      detail: `agents ${formatMs(ours)} ms vs members ${formatMs(theirs)} ms = ${(ours / theirs).toFixed(2)}×`,
    },
  ];
}

function writeLatencyCheck(pair: CellPair | undefined, label: string, floor: FsyncFloor): TargetCheck[] {
  if (!pair) return [];
  const ours = pair.paxos.result.writes.p50Ms;
  const theirs = pair.etcd.result.writes.p50Ms;
  const absolute = ours <= singleWriteP50MsMax;
  const relative = ours <= theirs * singleWriteShareOfEtcdMax;
  return [
    {
      name: `single-client write p50, ${label}: ≤ ${singleWriteP50MsMax} ms, or ≤ ${singleWriteShareOfEtcdMax}× etcd's when the machine is too loaded`,
      met: Number.isNaN(ours) ? null : absolute || relative,
      detail:
        `paxos ${formatMs(ours)} ms (${absolute ? 'within' : 'over'} ${singleWriteP50MsMax} ms), etcd ${formatMs(theirs)} ms ` +
        `(paxos/etcd ${(ours / theirs).toFixed(2)}×); floor: one fdatasync (p50 ${formatMs(floor.p50Ms)} ms here) + one loopback round trip`,
    },
  ];
}

export function checkTargets(
  pairs: readonly CellPair[],
  floor: FsyncFloor,
  preload: PreloadTimes | null,
): TargetCheck[] {
  const checks: TargetCheck[] = [
    ...ratioCheck(findCell(pairs, 'mix', 64, 'unary'), mixUnaryRatioMin, 'unary client for both'),
    ...ratioCheck(findCell(pairs, 'mix', 64, 'pipelined'), mixPipelinedRatioMin, 'our pipelined client'),
    ...cpuCheck(findCell(pairs, 'mix', 64, 'unary'), 'unary'),
    ...cpuCheck(findCell(pairs, 'mix', 64, 'pipelined'), 'pipelined'),
    ...writeLatencyCheck(findCell(pairs, 'write', 1, 'unary'), 'unary', floor),
    ...writeLatencyCheck(findCell(pairs, 'write', 1, 'pipelined'), 'pipelined', floor),
  ];
  for (const client of ['unary', 'pipelined'] as const) {
    const write = findCell(pairs, 'write', 1, client);
    if (!write) continue;
    const share = fastPathShare(write.paxos.result);
    checks.push({
      name: `fast-path share of uncontended writes (write at 1 in flight, ${client}) ≥ ${fastPathShareMin * 100} %`,
      met: Number.isNaN(share) ? null : share >= fastPathShareMin,
      detail: `${Number.isNaN(share) ? '—' : (share * 100).toFixed(1)} %`,
    });
  }
  if (preload) checks.push(preloadCheck(preload));
  return checks;
}

/** The preload goal, also printed as soon as our preload ends, beside etcd's. */
export function preloadCheck(preload: PreloadTimes): TargetCheck {
  return {
    name: `preload no slower than etcd's`,
    met: preload.paxosSeconds <= preload.etcdSeconds,
    detail: `paxos ${preload.paxosSeconds.toFixed(1)} s (${preload.paxosClient}) vs etcd ${preload.etcdSeconds.toFixed(1)} s`,
  };
}

export function formatTargetCheck(check: TargetCheck): string {
  const verdict = check.met === null ? 'NOT MEASURED' : check.met ? 'MET' : 'MISSED';
  return `- ${check.name}: ${verdict} (${check.detail})`;
}
