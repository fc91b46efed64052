/**
 * Keeps the Checker panel's view in step with main's checker stream, and feeds the live check: a
 * snapshot or a new run resets the worker, each batch of operations goes to it, and the horizon moves
 * with the newest time seen (to the end once the workload is over).
 */
import type { CheckerChange } from '../../app/contract/checker-run';
import type { ConsoleClient, StateUpdate } from '../client/console-client';
import type { CheckerView } from '../store/slices/checker-slice';
import type { ConsoleStoreApi } from '../store/store';
import { checkerViewOf, decodeLines, ingestCheckerChange, ingestLiveVerdicts } from './checker-ingest';
import { closedLoopHorizon } from './history-cut';
import { clientNames } from './operation-timeline-layout';
import type { LiveCheckPort } from './live-check-port';

export function connectChecker(
  store: ConsoleStoreApi,
  client: ConsoleClient,
  port: LiveCheckPort,
): () => void {
  port.onVerdicts((message) =>
    store.setState((state) => ({
      checker: ingestLiveVerdicts(state.checker, message.runId, message.verdicts),
    })),
  );
  const adopt = (view: CheckerView) => {
    store.setState({ checker: view, checkerSelectedId: null });
    port.post({ type: 'reset', runId: view.run.runId });
    port.post({ type: 'operations', operations: view.operations });
    port.post({ type: 'horizon', horizonMs: horizonOf(view) });
  };
  const onUpdate = (update: StateUpdate) => {
    if (update.kind === 'snapshot') return adopt(checkerViewOf(update.snapshot.checker));
    const change = update.delta.change;
    if (!isCheckerChange(change)) return;
    if (change.kind === 'checkerStarted') return adopt(checkerViewOf(change.run));
    const decoded = change.kind === 'checkerProgress' ? decodeLines(change.operations) : [];
    const view = ingestCheckerChange(store.getState().checker, change, decoded);
    store.setState({ checker: view });
    if (decoded.length > 0) port.post({ type: 'operations', operations: decoded });
    port.post({ type: 'horizon', horizonMs: horizonOf(view) });
  };
  const existing = client.snapshot();
  if (existing) onUpdate({ kind: 'snapshot', snapshot: existing });
  const unsubscribe = client.subscribe(onUpdate);
  return () => {
    unsubscribe();
    port.close();
  };
}

function isCheckerChange(change: { kind: string }): change is CheckerChange {
  return (
    change.kind === 'checkerStarted' || change.kind === 'checkerProgress' || change.kind === 'checkerStatus'
  );
}

/** While the workload runs, calls after some client's newest return may still be out; after it, none are. */
export function horizonOf(view: CheckerView): number {
  switch (view.run.status) {
    case 'idle':
      return -Infinity;
    case 'running':
    case 'stopping': {
      return closedLoopHorizon(clientNames(view.run.settings?.clients ?? 0), view.newestReturnMs);
    }
    case 'settling':
    case 'checking':
    case 'done':
    case 'failed':
      return Infinity;
  }
}
