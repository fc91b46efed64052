/**
 * The Checker panel's state: the checked run as main streams it (operations decoded from their
 * history lines, faults, main's final outcome), the live verdicts the worker found per key, and what
 * the person has open or selected.
 */
import type { StateCreator } from 'zustand';
import type { HistoryOperation } from '../../../app/checker/history';
import type { CheckerFault, CheckerRun } from '../../../app/contract/checker-run';
import type { LiveKeyVerdict } from '../../checker/live-checker';
import type { ConsoleStore } from '../store';

/** The run without its operation lines (those live decoded in `operations`). */
export type CheckerRunHeader = Omit<CheckerRun, 'operations' | 'faults'>;

export interface CheckerView {
  run: CheckerRunHeader;
  /** Decoded, in the order they arrived (the order they returned). */
  operations: HistoryOperation[];
  faults: CheckerFault[];
  /** The worker's verdicts by key, replaced as it rechecks. */
  live: Record<string, LiveKeyVerdict>;
  /** Operation tallies by outcome, kept as they arrive so the progress line needs no scan. */
  counts: { ok: number; fail: number; unknown: number };
  /** The newest time on the run's clock seen in the stream. */
  latestMs: number;
  /** Per client, the newest time it returned (its call time for an operation without a return). */
  newestReturnMs: Record<string, number>;
}

export interface CheckerSlice {
  checker: CheckerView;
  /** The Checker panel replaces the event timeline at the bottom while open. */
  checkerOpen: boolean;
  /** The operation whose details the panel shows. */
  checkerSelectedId: string | null;
}

export function emptyCheckerView(): CheckerView {
  return {
    run: {
      status: 'idle',
      runId: null,
      settings: null,
      keys: [],
      startedAtMs: null,
      outcome: null,
      error: null,
    },
    operations: [],
    faults: [],
    live: {},
    counts: { ok: 0, fail: 0, unknown: 0 },
    latestMs: 0,
    newestReturnMs: {},
  };
}

export const createCheckerSlice: StateCreator<ConsoleStore, [], [], CheckerSlice> = () => ({
  checker: emptyCheckerView(),
  checkerOpen: false,
  checkerSelectedId: null,
});
