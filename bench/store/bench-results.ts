/** One cell of the table: a workload at a concurrency, measured on each system back to back. */
import type { NodeCounters } from '../../app/paxos/types';
import type { CellResult, Workload } from './closed-loop';
import type { CpuUse } from './cpu-accounting';

export interface SystemCell {
  result: CellResult;
  cpu: CpuUse;
  /** Our agents' GetStatus counters over the cell (null for etcd, and for a protocol without them). */
  counters: NodeCounters | null;
  /** Cores each of our agents used over the measured window, by node (null for etcd, or not sampled). */
  agentCores?: Record<string, number> | null;
}

export interface CellPair {
  workload: Workload;
  concurrency: number;
  /**
   * How our side was called: unary KvService calls (the same kind of client etcd gets) or the Pipeline
   * stream. A pipelined pair shares its etcd cell with the unary pair measured just before it.
   */
  client: 'unary' | 'pipelined';
  paxos: SystemCell;
  etcd: SystemCell;
}

/** "mix" or "mix, pipelined": how a pair is named in the tables and the error list. */
export function pairLabel(pair: CellPair): string {
  return pair.client === 'unary' ? pair.workload.name : `${pair.workload.name}, pipelined`;
}

/** Share of counted writes that took the one-round-trip fast path; NaN when there were none. */
export function fastPathShare(result: CellResult): number {
  const { fast, prepare } = result.writePaths;
  return fast + prepare === 0 ? Number.NaN : fast / (fast + prepare);
}

export function errorCount(result: CellResult): number {
  return [...result.errors.values()].reduce((sum, count) => sum + count, 0);
}
