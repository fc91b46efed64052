/**
 * The Checker panel: start a checked run on the cluster, follow its progress and each key's verdict
 * as it runs, and read the operation timeline with faults as bands and unplaceable operations marked.
 */
import { useMemo } from 'react';
import { toggleChecker } from '../../checker/checker-actions';
import { keyRows, markedIds } from '../../checker/key-verdict-rows';
import type { ConsoleStore } from '../../store/store';
import { useConsole, useConsoleStateThrottled } from '../use-console';
import { CheckerForm } from './CheckerForm';
import { CheckerProgress } from './CheckerProgress';
import { KeyVerdictList } from './KeyVerdictList';
import { OperationDetails } from './OperationDetails';
import { OperationTimeline } from './OperationTimeline';

/** The panel redraws at most this often; operations arrive in batches about as often. */
const redrawMs = 250;
const checkerView = (state: ConsoleStore) => state.checker;

export function CheckerPanel() {
  const { store } = useConsole();
  const view = useConsoleStateThrottled(checkerView, redrawMs);
  const rows = useMemo(() => keyRows(view), [view]);
  const { blockedIds, offendingIds } = useMemo(() => markedIds(rows), [rows]);
  return (
    <section className="checker-panel panel" aria-label="checker">
      <h2>
        Checker <span className="dim hint">linearizability of a workload on this cluster, live</span>
        <span className="spacer" />
        <button onClick={() => toggleChecker(store, false)} title="Back to the event timeline (C)">
          Close
        </button>
      </h2>
      <div className="checker-body">
        <div className="checker-side">
          <CheckerForm />
          <CheckerProgress view={view} />
          <KeyVerdictList rows={rows} />
        </div>
        <div className="checker-main">
          <OperationTimeline view={view} blockedIds={blockedIds} offendingIds={offendingIds} />
          <OperationDetails view={view} rows={rows} />
        </div>
      </div>
    </section>
  );
}
