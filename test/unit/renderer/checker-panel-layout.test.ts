/** The Checker panel's pure parts: folding the stream into the view, and the timeline's geometry. */
import { describe, expect, it } from 'vitest';
import { encodeOperationLine } from '../../../app/checker/history';
import { idleCheckerRun, type CheckerFault, type CheckerRun } from '../../../app/contract/checker-run';
import {
  checkerViewOf,
  ingestCheckerChange,
  ingestLiveVerdicts,
} from '../../../renderer/checker/checker-ingest';
import { horizonOf } from '../../../renderer/checker/connect-checker';
import {
  barAt,
  laneNames,
  layoutOperationTimeline,
  type TimelineInput,
} from '../../../renderer/checker/operation-timeline-layout';
import { get, put } from '../checker/history-builders';

const run: CheckerRun = {
  ...idleCheckerRun,
  status: 'running',
  runId: 'r',
  keys: ['k'],
  settings: {
    clients: 3,
    keys: 1,
    distribution: 'hot',
    rateOpsPerSecond: 10,
    durationMs: 10_000,
    nemesis: [],
    readMode: 'paxos',
    seed: 4,
  },
};
const fault = (healedMs: number | null): CheckerFault => ({
  id: 'f1',
  kind: 'pause',
  label: 'pause n2',
  appliedMs: 1000,
  healedMs,
  error: null,
});

describe('checker ingest', () => {
  it('decodes operations, tallies outcomes, follows the newest time and replaces faults by id', () => {
    let view = checkerViewOf(run);
    const operations = [
      put({ id: 'a', client: 'c1', at: [0, 12] }, 'x', 1),
      get({ id: 'b', client: 'c2', at: [5, 2500], outcome: 'fail' }, null),
    ];
    const lines = operations.map(encodeOperationLine);
    view = ingestCheckerChange(
      view,
      { kind: 'checkerProgress', operations: lines, faults: [fault(null)] },
      operations,
    );
    view = ingestCheckerChange(view, { kind: 'checkerProgress', operations: [], faults: [fault(3000)] });
    expect(view.counts).toEqual({ ok: 1, fail: 1, unknown: 0 });
    expect(view.latestMs).toBe(3000);
    expect(view.faults).toEqual([fault(3000)]);
    expect(view.operations.map((operation) => operation.id)).toEqual(['a', 'b']);
    // c3 has returned nothing yet: no call is surely recorded.
    expect(horizonOf(view)).toBe(0);
    view = ingestCheckerChange(view, {
      kind: 'checkerStatus',
      status: 'checking',
      outcome: null,
      error: null,
    });
    expect(horizonOf(view)).toBe(Infinity);
  });

  it('drops live verdicts that belong to another run', () => {
    const view = checkerViewOf(run);
    const verdict = {
      key: 'k',
      verdict: 'ok' as const,
      blockedOperationId: null,
      concurrentOperationIds: [],
      reason: null,
      linearizedCount: 1,
      checkedOperations: 1,
      totalOperations: 1,
    };
    expect(ingestLiveVerdicts(view, 'old', [verdict])).toBe(view);
    expect(ingestLiveVerdicts(view, 'r', [verdict]).live.k).toEqual(verdict);
  });
});

describe('operation timeline layout', () => {
  const size = { width: 1100, gutter: 100, laneHeight: 10, top: 20 };
  const input = (latestMs: number, overrides: Partial<TimelineInput> = {}): TimelineInput => ({
    clientCount: 3,
    durationMs: 10_000,
    latestMs,
    operations: [
      put({ id: 'a', client: 'c1', at: [0, 5000] }, 'x', 1),
      get({ id: 'b', client: 'c3', at: [2000, 2001] }, 'x', 1),
      get({ id: 's', client: 'settle', at: [11_000, 11_500] }, 'x', 1),
    ],
    faults: [fault(null)],
    blockedIds: new Set(),
    offendingIds: new Set(),
    ...overrides,
  });

  it('has a lane per client from the settings, and settle last, whatever has arrived', () => {
    expect(laneNames(3)).toEqual(['c1', 'c2', 'c3', 'settle']);
    expect(layoutOperationTimeline(input(0, { operations: [] }), size).lanes).toEqual(laneNames(3));
  });

  it('keeps the time scale at the planned duration until the run outgrows it', () => {
    const early = layoutOperationTimeline(input(4000), size);
    const later = layoutOperationTimeline(input(9000), size);
    expect(early.xOf(5000)).toBe(600);
    expect(later.xOf(5000)).toBe(600);
    expect(layoutOperationTimeline(input(20_000), size).xOf(5000)).toBe(350);
  });

  it('draws a bar from call to return (a minimum width for fast ones) and an open fault to the newest time', () => {
    const layout = layoutOperationTimeline(input(4000), size);
    expect(layout.bars.find((bar) => bar.id === 'a')).toMatchObject({ lane: 0, x0: 100, x1: 600 });
    const fast = layout.bars.find((bar) => bar.id === 'b')!;
    expect(fast.x1 - fast.x0).toBe(2);
    expect(layout.bands[0]).toMatchObject({ x0: 200, x1: 500, open: true, label: 'f1 pause n2' });
    expect(layout.height).toBe(20 + 4 * 10);
  });

  it('finds the bar under a click, preferring a marked one', () => {
    const marked = layoutOperationTimeline(input(4000, { blockedIds: new Set(['b']) }), size);
    expect(barAt(marked, size, 300, 45)?.id).toBe('b');
    expect(barAt(marked, size, 300, 25)?.id).toBe('a');
    expect(barAt(marked, size, 300, 35)).toBeNull();
    expect(barAt(marked, size, 300, 5)).toBeNull();
  });
});
