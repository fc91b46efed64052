/**
 * Scrubbing back through recent events and returning to live, while the live state keeps advancing.
 * Scrubbing moves through the live history, so it also leaves an imported trace being viewed.
 */
import { historyRange, stateAt } from '../store/rewind-history';
import type { ConsoleStoreApi } from '../store/store';
import { viewedTraceOf } from '../store/trace-view';

/** Shows the cluster as it was right after event `n`; at or past the newest event this is live. */
export function scrubTo(store: ConsoleStoreApi, n: number): void {
  const { rewindHistory, observed } = store.getState();
  const { firstN, lastN } = historyRange(rewindHistory, observed);
  if (n >= lastN) {
    returnToLive(store);
    return;
  }
  const target = Math.max(firstN, Math.round(n));
  store.setState({ rewindN: target, rewound: stateAt(rewindHistory, target), viewedTrace: null });
}

/** Steps the rewind cursor by `delta` events (from live or from a viewed trace, stepping back starts a rewind). */
export function stepRewind(store: ConsoleStoreApi, delta: number): void {
  const state = store.getState();
  const from = viewedTraceOf(state) ? null : state.rewindN;
  scrubTo(store, (from ?? state.observed.eventCount) + delta);
}

/** Shows live again, leaving a rewind or a viewed trace. */
export function returnToLive(store: ConsoleStoreApi): void {
  store.setState({ rewindN: null, rewound: null, viewedTrace: null });
}
