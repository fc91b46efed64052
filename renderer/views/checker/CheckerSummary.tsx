/** A small card beside the client console: the checked run's state in a line, and the way to the panel. */
import { toggleChecker } from '../../checker/checker-actions';
import { useConsole, useConsoleState } from '../use-console';

export function CheckerSummary() {
  const { store } = useConsole();
  const open = useConsoleState((state) => state.checkerOpen);
  const status = useConsoleState((state) => state.checker.run.status);
  const verdict = useConsoleState((state) => state.checker.run.outcome?.verdict ?? null);
  const operations = useConsoleState((state) => state.checker.operations.length);
  return (
    <section className="checker-summary panel" aria-label="checker summary">
      <h2>
        Checker
        <span className="spacer" />
        <button
          aria-pressed={open}
          onClick={() => toggleChecker(store)}
          title="Open or close the Checker panel (C)"
        >
          {open ? 'Close checker' : 'Open checker'}
        </button>
      </h2>
      <div className="small dim" data-status={status}>
        {status === 'idle'
          ? 'Run a workload (and a nemesis) and check it for linearizability.'
          : `${status}, ${operations} operations${verdict ? `, verdict ${verdict === 'ok' ? 'linearizable' : verdict}` : ''}`}
      </div>
    </section>
  );
}
