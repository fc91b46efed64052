/** One cell of the table: a workload at a concurrency, measured on each system back to back. */
import type { NodeCounters } from '../../app/paxos/types';
import type { CellResult, Workload } from './closed-loop';
import type { CpuUse } from './cpu-accounting';

export interface SystemCell {
  result: CellResult;
  cpu: CpuUse;
  /** Our agents' GetStatus counters over the cell (null for etcd). */
  counters: NodeCounters | null;
}

export interface CellPair {
  workload: Workload;
  concurrency: number;
  paxos: SystemCell;
  etcd: SystemCell;
}

/** Share of counted writes that took the one-round-trip fast path; NaN when there were none. */
export function fastPathShare(result: CellResult): number {
  const { fast, prepare } = result.writePaths;
  return fast + prepare === 0 ? Number.NaN : fast / (fast + prepare);
}

export function errorCount(result: CellResult): number {
  return [...result.errors.values()].reduce((sum, count) => sum + count, 0);
}
