/** Availability per time bucket, as the console's comparison chart draws it from a run's history. */
import { describe, expect, it } from 'vitest';
import { comparisonLimits } from '../../../app/contract/comparison-run';
import {
  AvailabilityTally,
  availabilitySeries,
  bucketWidthMs,
} from '../../../main/harness/availability-series';
import { clusterCompareRow } from '../../../main/harness/protocol-compare';
import { checkHistory } from '../../../app/checker/linearizability';
import { cas, get, put } from '../checker/history-builders';

describe('bucket width', () => {
  it('is the narrowest round width that keeps a run within the chart’s buckets', () => {
    expect(bucketWidthMs(10_000)).toBe(250);
    expect(bucketWidthMs(15_000)).toBe(250);
    expect(bucketWidthMs(15_001)).toBe(500);
    expect(bucketWidthMs(60_000)).toBe(1000);
    expect(bucketWidthMs(300_000)).toBe(5000);
    for (const durationMs of [8000, 12_345, 99_999, 300_000]) {
      expect(Math.ceil(durationMs / bucketWidthMs(durationMs))).toBeLessThanOrEqual(
        comparisonLimits.bucketsMax,
      );
    }
  });
});

describe('availability series', () => {
  it('counts each workload operation in the bucket of its call, answered or not', () => {
    const operations = [
      put({ at: [10, 20] }, 'a', 1), // bucket 0, answered
      put({ at: [240, null] }, 'b'), // bucket 0, unknown: not answered
      put({ at: [260, 900], outcome: 'fail' }, 'c'), // bucket 1, failed
      // bucket 1: a compare-and-set refused with the current version is the store answering
      cas({ at: [400, 410], outcome: 'fail' }, 0, 'd', 1),
      get({ at: [1900, 1950] }, 'a', 1), // bucket 7
      get({ at: [2000, 2010] }, 'a', 1), // at the end: counts in the last bucket
      get({ client: 'settle', at: [2500, 2510] }, 'a', 1), // a settle read: not the workload's
    ];
    expect(availabilitySeries(operations, 2000)).toEqual({
      bucketMs: 250,
      called: [2, 2, 0, 0, 0, 0, 0, 2],
      answered: [1, 1, 0, 0, 0, 0, 0, 2],
    });
  });

  it('gives the same sums live (operation by operation) as the table over the same history', () => {
    const operations = [
      put({ id: 'a', at: [100, 110] }, 'a', 1),
      put({ id: 'b', at: [3100, 3200], outcome: 'fail' }, 'b'),
      put({ id: 'c', at: [3300, null] }, 'c'),
      put({ id: 'd', at: [6500, 6510] }, 'd', 2),
      get({ id: 's', client: 'settle', at: [8100, 8110] }, 'd', 2),
    ];
    const tally = new AvailabilityTally(8000);
    for (const operation of operations) tally.add(operation);
    const series = tally.series();
    const called = series.called.reduce((sum, count) => sum + count, 0);
    const answered = series.answered.reduce((sum, count) => sum + count, 0);
    // A partition from 3 s to 6 s: the table splits the same operations at its edges.
    const partition = { id: 'f1', kind: 'cut', from: 'n0', to: 'n1', startMs: 3000, endMs: 6000 } as const;
    const row = clusterCompareRow('paxoskv', {
      durationMs: 8000,
      operations,
      faults: [{ fault: partition, appliedMs: 3000, healedMs: 6000 }],
      firstAttemptFailed: new Set(),
      result: checkHistory(operations),
      lostWrites: 0,
      settled: true,
    });
    if ('error' in row) throw new Error('expected a run row');
    expect(row.operations).toBe(called);
    expect(called).toBe(4);
    expect(answered).toBe(2);
    expect(row.availabilityDuringFaults).toBe(0);
    expect(row.availabilityOutsideFaults).toBe(1);
    const bucketOf = (ms: number) => Math.floor(ms / series.bucketMs);
    expect(series.called[bucketOf(3100)]).toBe(1);
    expect(series.answered[bucketOf(3100)]).toBe(0);
  });
});
