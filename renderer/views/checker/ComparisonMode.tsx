/**
 * The Checker panel's "Compare protocols" mode: the settings on the side; the availability chart and
 * the table, filled in protocol by protocol as the comparison runs.
 */
import { useEffect } from 'react';
import { connectComparison } from '../../checker/connect-comparison';
import { useConsole, useConsoleState } from '../use-console';
import { AvailabilityChart } from './AvailabilityChart';
import { ComparisonForm } from './ComparisonForm';
import { ComparisonTable } from './ComparisonTable';
import './comparison.css';

const statusText = {
  idle: 'no comparison yet',
  running: 'running',
  stopping: 'stopping: the protocol running is healed and checked, the rest are skipped',
  done: 'done',
  failed: 'failed',
} as const;

export function ComparisonMode() {
  const { store, client } = useConsole();
  useEffect(() => connectComparison(store, client), [store, client]);
  const run = useConsoleState((state) => state.comparison);
  return (
    <div className="checker-body">
      <div className="checker-side">
        <div className="comparison-progress" data-status={run.status} aria-label="comparison progress">
          <span className={`checker-status status-${run.status}`}>{statusText[run.status]}</span>
          {run.settings && (
            <span className="dim mono">
              {' '}
              · {run.settings.durationMs / 1000} s each · seed {run.settings.seed} · nemesis{' '}
              {run.settings.nemesis.join(', ') || 'none'}
            </span>
          )}
          {run.error && <div className="checker-error">{run.error}</div>}
        </div>
        <ComparisonForm />
      </div>
      <div className="checker-main">
        {run.settings ? (
          <>
            <AvailabilityChart run={run} />
            <ComparisonTable runs={run.protocols} />
          </>
        ) : (
          <p className="dim">
            Pick two or more protocols and Compare: the same workload and faults run on each, and their
            availability over time lands on one chart.
          </p>
        )}
      </div>
    </div>
  );
}
