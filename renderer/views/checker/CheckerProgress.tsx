/** Where the run is: its status, operations by outcome, time on the run's clock, and the final verdict. */
import type { CheckerView } from '../../store/slices/checker-slice';

const statusText = {
  idle: 'no run yet',
  running: 'running',
  stopping: 'stopping',
  settling: 'healing and settling',
  checking: 'checking',
  done: 'done',
  failed: 'failed',
} as const;

/** Reads the panel's (throttled) view, so it and the key list always show the same moment. */
export function CheckerProgress({ view }: { view: CheckerView }) {
  const { run, counts, latestMs } = view;
  const faultCount = view.faults.length;
  const outcome = run.outcome;
  return (
    <div className="checker-progress" data-status={run.status} aria-label="checked run progress">
      <div className="row">
        <span className={`checker-status status-${run.status}`}>{statusText[run.status]}</span>
        {run.settings && (
          <span className="dim mono">
            {(latestMs / 1000).toFixed(1)} / {(run.settings.durationMs / 1000).toFixed(0)} s · seed{' '}
            {run.settings.seed}
          </span>
        )}
      </div>
      {run.settings?.readMode === 'one-replica-read' && (
        <div className="checker-broken-reads">
          reads one replica without Paxos: stale answers are expected, and the checker should flag them
        </div>
      )}
      <div className="mono small">
        ok <span data-count="ok">{counts.ok}</span> · fail <span data-count="fail">{counts.fail}</span> ·
        unknown <span data-count="unknown">{counts.unknown}</span> · faults {faultCount}
      </div>
      {outcome && (
        <div className={`checker-final verdict-${outcome.verdict}`} data-verdict={outcome.verdict}>
          final check: {outcome.verdict === 'ok' ? 'linearizable' : outcome.verdict} · lost writes{' '}
          {outcome.lostWrites.length} · unreadable {outcome.unreadable.length} · settled in{' '}
          {(outcome.settleMs / 1000).toFixed(1)} s, checked in {outcome.checkMs.toFixed(0)} ms
          {outcome.lostWrites.map((lost) => (
            <div key={lost.operationId} className="small">
              lost {lost.operationId}: {lost.reason}
            </div>
          ))}
        </div>
      )}
      {run.error && <div className="checker-error">{run.error}</div>}
    </div>
  );
}
