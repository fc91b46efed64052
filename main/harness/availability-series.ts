/**
 * What counts as the store being available, and availability over a run's clock: the workload's
 * operations bucketed by the time they were called, with how many of them the store answered. The
 * comparison table (protocol-compare.ts) and the console's chart read the same definition, so a bucket
 * and the table's "answered in faults" figure never disagree about one operation.
 */
import type { HistoryOperation } from '../../app/checker/history';
import { comparisonLimits, type AvailabilitySeries } from '../../app/contract/comparison-run';
import { settleClient } from '../../app/contract/checker-vocabulary';

/**
 * Whether the store answered: ok, or a compare-and-set it refused because the key had moved on (the
 * answer names the current version), which is the store working, not failing.
 */
export function answered(operation: HistoryOperation): boolean {
  return operation.outcome === 'ok' || operation.result?.currentVersion !== undefined;
}

/** The workload's own operations; the settle reads after the heal retry until they succeed. */
export function isWorkloadOperation(operation: HistoryOperation): boolean {
  return operation.client !== settleClient;
}

/** Bucket widths a reader takes in at a glance. */
const bucketWidthsMs = [250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000];

/** The narrowest round width that covers `durationMs` in at most comparisonLimits.bucketsMax buckets. */
export function bucketWidthMs(durationMs: number): number {
  const fits = (widthMs: number) => Math.ceil(durationMs / widthMs) <= comparisonLimits.bucketsMax;
  return bucketWidthsMs.find(fits) ?? Math.ceil(durationMs / comparisonLimits.bucketsMax);
}

/**
 * Counts operations per bucket as they return, so a live chart and the final one are the same sums.
 * An operation called at or after the run's end (none should be) counts in the last bucket.
 */
export class AvailabilityTally {
  private readonly called: number[];
  private readonly answered: number[];

  constructor(
    durationMs: number,
    readonly bucketMs = bucketWidthMs(durationMs),
  ) {
    const count = Math.max(1, Math.ceil(durationMs / bucketMs));
    this.called = new Array<number>(count).fill(0);
    this.answered = new Array<number>(count).fill(0);
  }

  add(operation: HistoryOperation): void {
    if (!isWorkloadOperation(operation)) return;
    const last = this.called.length - 1;
    const bucket = Math.min(last, Math.max(0, Math.floor(operation.callMs / this.bucketMs)));
    this.called[bucket]! += 1;
    if (answered(operation)) this.answered[bucket]! += 1;
  }

  series(): AvailabilitySeries {
    return { bucketMs: this.bucketMs, called: [...this.called], answered: [...this.answered] };
  }
}

/** A whole history's series in one call. */
export function availabilitySeries(
  operations: readonly HistoryOperation[],
  durationMs: number,
): AvailabilitySeries {
  const tally = new AvailabilityTally(durationMs);
  for (const operation of operations) tally.add(operation);
  return tally.series();
}
