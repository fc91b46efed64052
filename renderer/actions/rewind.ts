/** Scrubbing back through recent events and returning to live, while the live state keeps advancing. */
import { historyRange, stateAt } from '../store/rewind-history';
import type { ConsoleStoreApi } from '../store/store';

/** Shows the cluster as it was right after event `n`; at or past the newest event this is live. */
export function scrubTo(store: ConsoleStoreApi, n: number): void {
  const { history, observed } = store.getState();
  const { firstN, lastN } = historyRange(history, observed);
  if (n >= lastN) {
    returnToLive(store);
    return;
  }
  const target = Math.max(firstN, Math.round(n));
  store.setState({ rewindN: target, rewound: stateAt(history, target) });
}

/** Steps the rewind cursor by `delta` events (from live, stepping back starts a rewind). */
export function stepRewind(store: ConsoleStoreApi, delta: number): void {
  const { rewindN, observed } = store.getState();
  scrubTo(store, (rewindN ?? observed.eventCount) + delta);
}

export function returnToLive(store: ConsoleStoreApi): void {
  store.setState({ rewindN: null, rewound: null });
}
