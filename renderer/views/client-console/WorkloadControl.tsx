/** The background workload: on or off, its rate, and how its requests fared. */
import { setWorkload } from '../../actions/demo-workload';
import { workloadRateMax } from '../../store/slices/client-slice';
import { useConsole, useConsoleState } from '../use-console';

export function WorkloadControl() {
  const consoleHandle = useConsole();
  const workload = useConsoleState((state) => state.workload);
  const failures = Object.entries(workload.failed);
  return (
    <div className="workload" aria-label="background workload">
      <div className="row">
        <label className="switch">
          <input
            type="checkbox"
            checked={workload.running}
            onChange={(event) => setWorkload(consoleHandle, { running: event.target.checked })}
          />
          background workload
        </label>
        <input
          type="range"
          aria-label="workload rate"
          min={1}
          max={workloadRateMax}
          value={workload.ratePerSecond}
          onChange={(event) => setWorkload(consoleHandle, { ratePerSecond: Number(event.target.value) })}
        />
        <span className="mono">{workload.ratePerSecond}/s</span>
      </div>
      {workload.sent > 0 && (
        <div className="dim small">
          sent {workload.sent} · ok {workload.succeeded}
          {failures.map(([code, count]) => ` · ${code} ${count}`).join('')}
          {workload.lastFailure && (
            <div title={workload.lastFailure}>last failure: {workload.lastFailure}</div>
          )}
        </div>
      )}
    </div>
  );
}
