/**
 * Keeps the comparison in the store in step with main's: taken whole from a snapshot, then from the
 * snapshot each comparison delta produced (the client folds deltas with the contract's applyDelta).
 */
import type { ConsoleClient, StateUpdate } from '../client/console-client';
import type { ConsoleStoreApi } from '../store/store';

const comparisonKinds = new Set([
  'comparisonStarted',
  'comparisonProtocol',
  'comparisonFaults',
  'comparisonStatus',
]);

export function connectComparison(store: ConsoleStoreApi, client: ConsoleClient): () => void {
  const onUpdate = (update: StateUpdate) => {
    if (update.kind === 'delta' && !comparisonKinds.has(update.delta.change.kind)) return;
    store.setState({ comparison: update.snapshot.comparison });
  };
  const existing = client.snapshot();
  if (existing) onUpdate({ kind: 'snapshot', snapshot: existing });
  return client.subscribe(onUpdate);
}
