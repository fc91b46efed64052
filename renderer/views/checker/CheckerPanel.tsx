/**
 * The Checker panel: start a checked run on the cluster, follow its progress and each key's verdict
 * as it runs, and read the operation timeline with faults as bands and unplaceable operations marked;
 * or compare protocols side by side on clusters of their own (ComparisonMode).
 */
import { useMemo } from 'react';
import { toggleChecker } from '../../checker/checker-actions';
import { setCheckerMode } from '../../checker/comparison-actions';
import { keyRows, markedIds } from '../../checker/key-verdict-rows';
import type { CheckerMode } from '../../store/slices/comparison-slice';
import type { ConsoleStore } from '../../store/store';
import { useConsole, useConsoleState, useConsoleStateThrottled } from '../use-console';
import { SegmentedChoice } from '../widgets/SegmentedChoice';
import { CheckerForm } from './CheckerForm';
import { CheckerProgress } from './CheckerProgress';
import { ComparisonMode } from './ComparisonMode';
import { KeyVerdictList } from './KeyVerdictList';
import { OperationDetails } from './OperationDetails';
import { OperationTimeline } from './OperationTimeline';

/** The panel redraws at most this often; operations arrive in batches about as often. */
const redrawMs = 250;
const checkerView = (state: ConsoleStore) => state.checker;

const modes: readonly CheckerMode[] = ['check', 'compare'];
const modeText: Record<CheckerMode, string> = {
  check: 'Check this cluster',
  compare: 'Compare protocols',
};
const modeHint: Record<CheckerMode, string> = {
  check: 'linearizability of a workload on this cluster, live',
  compare: 'one workload and fault schedule on a fresh cluster of each protocol',
};

export function CheckerPanel() {
  const { store } = useConsole();
  const mode = useConsoleState((state) => state.checkerMode);
  return (
    <section className="checker-panel panel" aria-label="checker">
      <h2>
        Checker{' '}
        <SegmentedChoice
          label="checker mode"
          options={modes}
          value={mode}
          onChange={(next) => setCheckerMode(store, next)}
          textOf={(option) => modeText[option]}
        />{' '}
        <span className="dim hint">{modeHint[mode]}</span>
        <span className="spacer" />
        <button onClick={() => toggleChecker(store, false)} title="Back to the event timeline (C)">
          Close
        </button>
      </h2>
      {mode === 'check' ? <CheckMode /> : <ComparisonMode />}
    </section>
  );
}

function CheckMode() {
  const view = useConsoleStateThrottled(checkerView, redrawMs);
  const rows = useMemo(() => keyRows(view), [view]);
  const { blockedIds, offendingIds } = useMemo(() => markedIds(rows), [rows]);
  return (
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
  );
}
