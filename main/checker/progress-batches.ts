/**
 * Streams a checked run to the renderer without a delta per operation: operations and fault changes
 * collect here and leave as one `checkerProgress` change per interval (at 500 ops/s and 4 batches a
 * second, about 125 operations a delta).
 */
import { encodeOperationLine, type HistoryOperation } from '../../app/checker/history';
import type { CheckerChange, CheckerFault } from '../../app/contract/checker-run';
import type { FaultRecord, HistoryListener } from '../harness/history-recorder';
import { describeFault } from '../harness/fault-text';

/** How often a batch leaves: fast enough to look live, slow enough to stay a handful of deltas a second. */
export const progressIntervalMs = 250;

export class ProgressBatches implements HistoryListener {
  private operationLines: string[] = [];
  private readonly faultsById = new Map<string, CheckerFault>();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly publish: (change: CheckerChange) => void) {}

  start(): void {
    this.timer ??= setInterval(() => this.flush(), progressIntervalMs);
  }

  /** Sends what is waiting and stops the interval. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.flush();
  }

  operation(operation: HistoryOperation): void {
    this.operationLines.push(encodeOperationLine(operation));
  }

  fault(record: FaultRecord): void {
    this.faultsById.set(record.fault.id, checkerFault(record));
  }

  flush(): void {
    if (this.operationLines.length === 0 && this.faultsById.size === 0) return;
    const operations = this.operationLines;
    const faults = [...this.faultsById.values()];
    this.operationLines = [];
    this.faultsById.clear();
    this.publish({ kind: 'checkerProgress', operations, faults });
  }
}

export function checkerFault(record: FaultRecord): CheckerFault {
  return {
    id: record.fault.id,
    kind: record.fault.kind,
    label: describeFault(record.fault),
    appliedMs: record.appliedMs,
    healedMs: record.healedMs,
    error: record.error ?? null,
  };
}
