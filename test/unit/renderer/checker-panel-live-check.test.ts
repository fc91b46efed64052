/**
 * The Checker panel's live check: the history cut that keeps in-flight operations from raising false
 * alarms, the per-key bookkeeping, and the whole renderer path (stream → slice → live check → marked
 * operations) on a hand-made non-linearizable history, so the highlighted operations are real
 * checker output.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../app/checker/linearizability';
import { encodeOperationLine, type HistoryOperation } from '../../../app/checker/history';
import type { CheckerRun } from '../../../app/contract/checker-run';
import { emptySnapshot, type StateChange } from '../../../app/contract/console-state';
import type { ConsoleClient, StateUpdate } from '../../../renderer/client/console-client';
import { connectChecker } from '../../../renderer/checker/connect-checker';
import { cutHistory } from '../../../renderer/checker/history-cut';
import { keyRows, markedIds } from '../../../renderer/checker/key-verdict-rows';
import { LiveChecker } from '../../../renderer/checker/live-checker';
import { inProcessLiveCheck } from '../../../renderer/checker/live-check-port';
import { layoutOperationTimeline } from '../../../renderer/checker/operation-timeline-layout';
import { createConsoleStore } from '../../../renderer/store/store';
import { get, put } from '../checker/history-builders';

const clock = () => performance.now();

describe('history cut', () => {
  // c1 writes "a"; c2 reads "a" while the write is still out (it returns at 100).
  const write = put({ id: 'w', client: 'c1', at: [0, 100] }, 'a', 1);
  const read = get({ id: 'r', client: 'c2', at: [50, 60] }, 'a', 1);

  it('a naive prefix (what has returned by 60) would accuse a correct history', () => {
    expect(checkHistory([read]).verdict).toBe('violation');
  });

  it('turns writes still out at the horizon into unknown ones and leaves reads out', () => {
    const cut = cutHistory([write, read], 55);
    expect(cut).toEqual([withoutResult({ ...write, returnMs: null, outcome: 'unknown' })]);
    expect(checkHistory(cut).verdict).toBe('ok');
  });

  it('keeps what returned before the horizon as it is, and everything at the end', () => {
    expect(cutHistory([write, read], 101)).toEqual([write, read]);
    expect(cutHistory([write, read], Infinity)).toEqual([write, read]);
    expect(cutHistory([write, read], -1)).toEqual([]);
  });
});

function withoutResult(operation: HistoryOperation): HistoryOperation {
  const copy = { ...operation };
  delete copy.result;
  return copy;
}

describe('LiveChecker', () => {
  it('checks a key again only when its cut changed, and keeps a violation', () => {
    const checker = new LiveChecker();
    checker.add([put({ id: 'w1', key: 'x', at: [0, 10] }, 'a', 1)]);
    checker.setHorizon(20);
    expect(checker.checkNext(clock, 1000)).toMatchObject({ key: 'x', verdict: 'ok', checkedOperations: 1 });
    checker.setHorizon(25);
    expect(checker.checkNext(clock, 1000)).toBeNull();
    checker.add([get({ id: 'r1', key: 'x', at: [30, 40] }, null, 0)]);
    checker.setHorizon(50);
    expect(checker.checkNext(clock, 1000)).toMatchObject({
      verdict: 'violation',
      blockedOperationId: 'r1',
      totalOperations: 2,
    });
    checker.add([get({ id: 'r2', key: 'x', at: [60, 70] }, 'a', 1)]);
    checker.setHorizon(Infinity);
    expect(checker.checkNext(clock, 1000)).toBeNull();
    expect(checker.hasWork()).toBe(false);
  });
});

/** A console client whose updates the test pushes by hand, for the stream side of connectChecker. */
function pushedClient() {
  const listeners = new Set<(update: StateUpdate) => void>();
  let snapshot = emptySnapshot(10);
  const client = {
    snapshot: () => snapshot,
    subscribe: (listener: (update: StateUpdate) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as ConsoleClient;
  const push = (change: StateChange) => {
    const delta = { seq: snapshot.seq + 1, change };
    snapshot = { ...snapshot, seq: delta.seq };
    for (const listener of listeners) listener({ kind: 'delta', delta, snapshot });
  };
  return { client, push };
}

const run: CheckerRun = {
  status: 'running',
  runId: 'run-1',
  settings: {
    clients: 2,
    keys: 2,
    distribution: 'uniform',
    rateOpsPerSecond: 10,
    durationMs: 20_000,
    nemesis: ['partition'],
    readMode: 'paxos',
    seed: 1,
  },
  keys: ['run-1-k0', 'run-1-k1'],
  startedAtMs: 0,
  operations: [],
  faults: [],
  outcome: null,
  error: null,
};

describe('the panel on a non-linearizable history', () => {
  it('shows the stale read as a violation, marks it and its pending write, and leaves the other key linearizable', () => {
    const store = createConsoleStore();
    const { client, push } = pushedClient();
    connectChecker(store, client, inProcessLiveCheck());
    push({ kind: 'checkerStarted', run });
    const history = [
      put({ id: 'c1-1', client: 'c1', key: 'run-1-k0', at: [0, 10] }, 'a', 1),
      // Reads the initial state after the write was acknowledged: stale.
      get({ id: 'c2-1', client: 'c2', key: 'run-1-k0', at: [20, 30] }, null, 0),
      put({ id: 'c1-2', client: 'c1', key: 'run-1-k0', at: [25, 40] }, 'b', 2),
      put({ id: 'c2-2', client: 'c2', key: 'run-1-k1', at: [35, 45] }, 'z', 1),
      get({ id: 'c1-3', client: 'c1', key: 'run-1-k1', at: [50, 55] }, 'z', 1),
    ];
    const fault = {
      id: 'f1',
      kind: 'partition' as const,
      label: 'partition dc1',
      appliedMs: 5,
      healedMs: null,
      error: null,
    };
    push({ kind: 'checkerProgress', operations: history.map(encodeOperationLine), faults: [fault] });
    // Still running: every call before c2's newest return (45) is surely recorded. k0's stale read
    // is already caught; of k1 only the write counts so far (as unknown: it returned at 45).
    const running = keyRows(store.getState().checker);
    expect(running.map((row) => [row.status, row.checked, row.total])).toEqual([
      ['violation', 3, 3],
      ['linearizable', 1, 2],
    ]);

    push({ kind: 'checkerStatus', status: 'settling', outcome: null, error: null });
    const view = store.getState().checker;
    const rows = keyRows(view);
    expect(rows.map((row) => [row.key, row.status, row.source])).toEqual([
      ['run-1-k0', 'violation', 'live'],
      ['run-1-k1', 'linearizable', 'live'],
    ]);
    expect(rows[0]!.verdict?.blockedOperationId).toBe('c2-1');
    const marks = markedIds(rows);
    expect([...marks.blockedIds]).toEqual(['c2-1']);
    expect([...marks.offendingIds]).toContain('c1-2');

    const layout = layoutOperationTimeline(
      {
        clientCount: 2,
        durationMs: 20_000,
        latestMs: view.latestMs,
        operations: view.operations,
        faults: view.faults,
        ...marks,
      },
      { width: 1052, gutter: 52, laneHeight: 14, top: 18 },
    );
    expect(layout.bars.find((bar) => bar.id === 'c2-1')).toMatchObject({ lane: 1, mark: 'blocked' });
    expect(layout.bars.filter((bar) => bar.mark === null).map((bar) => bar.id)).toContain('c2-2');
    expect(layout.bands).toEqual([expect.objectContaining({ id: 'f1', open: true })]);
  });
});
