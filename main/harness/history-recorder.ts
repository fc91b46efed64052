/**
 * Collects what a run saw: every client operation (the checker's history) and every fault the
 * nemesis applied, each on one clock that starts with the run. Operations are written in the history
 * format (docs/history-format.md) so `npm run check -- --history` rereads them; faults go to a
 * sibling JSON-lines file, because the history format allows no other kind of line. A listener hears
 * of each as it happens, so a live view can follow the run.
 */
import { writeFileSync } from 'node:fs';
import { formatHistory, type HistoryOperation } from '../../app/checker/history';
import type { PlannedFault } from './nemesis-schedule';

/** A fault as it happened: the plan, and when it was applied and healed on the run's clock. */
export interface FaultRecord {
  fault: PlannedFault;
  appliedMs: number;
  /** When the heal finished; null when the run stopped before it. */
  healedMs: number | null;
  /** What went wrong applying or healing it, if anything. */
  error?: string;
}

/** Told of every operation as it returns and of every fault when applied (healedMs null) and healed. */
export interface HistoryListener {
  operation?(operation: HistoryOperation): void;
  fault?(record: FaultRecord): void;
}

export class HistoryRecorder {
  readonly operations: HistoryOperation[] = [];
  readonly faults: FaultRecord[] = [];
  /**
   * Operations that ended ok although their first attempt failed (a write answered by a later replica
   * or agent). Not part of the history file; the protocol comparison reads it.
   */
  readonly firstAttemptFailed = new Set<string>();
  private readonly originMs = performance.now();

  constructor(private readonly listener: HistoryListener = {}) {}

  /** Milliseconds since the recorder was made, to 0.01 ms (finer digits only bloat the file). */
  now(): number {
    return Math.round((performance.now() - this.originMs) * 100) / 100;
  }

  record(operation: HistoryOperation): void {
    this.operations.push(operation);
    this.listener.operation?.(operation);
  }

  /** A fault now in force; it is recorded when healed (recordFault). */
  faultApplied(fault: PlannedFault, appliedMs: number, errors: readonly string[]): void {
    const error = errors.length > 0 ? { error: errors.join('; ') } : {};
    this.listener.fault?.({ fault, appliedMs, healedMs: null, ...error });
  }

  recordFault(record: FaultRecord): void {
    this.faults.push(record);
    this.listener.fault?.(record);
  }

  /** Writes the history (operations by call time) and the faults beside it. */
  write(historyFile: string, faultsFile: string): void {
    const byCall = [...this.operations].sort((a, b) => a.callMs - b.callMs);
    writeFileSync(historyFile, formatHistory(byCall));
    writeFileSync(faultsFile, this.faults.map((record) => `${JSON.stringify(record)}\n`).join(''));
  }
}
