/**
 * The protocol as observed from events, live and, while a person scrubs back, at the chosen moment.
 * The live state keeps advancing during a rewind; views read `shownObserved` to get the right one.
 */
import type { StateCreator } from 'zustand';
import { emptyObservedCluster, type ObservedCluster } from '../observed-cluster';
import { startHistory, type RewindHistory } from '../rewind-history';
import type { ViewedTrace } from '../trace-view';
import type { ConsoleStore } from '../store';

export interface ObservedSlice {
  observed: ObservedCluster;
  rewindHistory: RewindHistory;
  /** The ordinal scrubbed to, or null when showing live. */
  rewindN: number | null;
  /** The observed state at rewindN, or null when live. */
  rewound: ObservedCluster | null;
  /** An imported trace shown instead of live while `rewound` is its state (see trace-view.ts). */
  viewedTrace: ViewedTrace | null;
}

export const createObservedSlice: StateCreator<ConsoleStore, [], [], ObservedSlice> = () => {
  const observed = emptyObservedCluster();
  return { observed, rewindHistory: startHistory(observed), rewindN: null, rewound: null, viewedTrace: null };
};

/** What the views show: the rewound state while scrubbing, the live one otherwise. */
export function shownObserved(state: ObservedSlice): ObservedCluster {
  return state.rewound ?? state.observed;
}
