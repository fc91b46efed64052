/**
 * One line per protocol: where its run is while it runs, then the table `npm run check -- --compare`
 * prints (throughput, latency, availability in faults and outside them, first-access failures), with
 * the checker's verdict beside it naming the anomaly it found.
 */
import type { ComparisonRow, ProtocolRun } from '../../../app/contract/comparison-run';
import { percent } from '../../../app/simulator/protocol-comparison';
import { protocolColor } from '../../checker/availability-chart-layout';

const statusText: Record<ProtocolRun['status'], string> = {
  waiting: 'waiting its turn',
  starting: 'starting its cluster',
  running: 'running',
  settling: 'healing and settling',
  checking: 'checking',
  done: 'done',
  failed: 'did not run',
};

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const maybePercent = (value: number | null) => (value === null ? '–' : percent(value));

export function ComparisonTable({ runs }: { runs: readonly ProtocolRun[] }) {
  const folder = runs.find((run) => run.outDir !== null)?.outDir?.replace(/[/\\][^/\\]*$/, '');
  return (
    <>
      <table className="comparison-table" aria-label="comparison table">
        <thead>
          <tr>
            <th>protocol</th>
            <th className="text">status</th>
            <th title="workload operations called">ops</th>
            <th title="operations that ended ok, per second">ok ops/s</th>
            <th>p50 ms</th>
            <th>p99 ms</th>
            <th title="share answered of the operations called while a fault was in force">
              answered in faults
            </th>
            <th>answered outside</th>
            <th title="operations whose first attempt failed">first-access fail</th>
            <th className="text">verdict</th>
            <th title="acknowledged writes no later read or final state shows">lost writes</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.protocol} data-protocol={run.protocol} data-status={run.status}>
              <td>
                <span className="legend-swatch" style={{ background: protocolColor(run.protocol) }} />
                {run.protocol}
              </td>
              <td className="comparison-status">{statusText[run.status]}</td>
              {run.row ? <RowCells row={run.row} /> : <LiveCells run={run} />}
            </tr>
          ))}
        </tbody>
      </table>
      {folder && (
        <p className="small dim comparison-files">
          Each run&apos;s history, faults and HTML view: <span className="mono">{folder}</span>/PROTOCOL/
        </p>
      )}
    </>
  );
}

/** While a protocol runs: how many operations so far and the share answered. */
function LiveCells({ run }: { run: ProtocolRun }) {
  const called = run.series.called.reduce((sum, count) => sum + count, 0);
  const answered = run.series.answered.reduce((sum, count) => sum + count, 0);
  return (
    <td colSpan={9} className="dim">
      {called > 0 ? `${called} operations so far, ${percent(answered / called)} answered` : ''}
    </td>
  );
}

function RowCells({ row }: { row: ComparisonRow }) {
  if ('error' in row) {
    return (
      <td colSpan={9} className="checker-error">
        {row.error}
      </td>
    );
  }
  return (
    <>
      <td>{row.operations}</td>
      <td>{row.okPerSecond.toFixed(1)}</td>
      <td>{ms(row.p50Ms)}</td>
      <td>{ms(row.p99Ms)}</td>
      <td>{maybePercent(row.availabilityDuringFaults)}</td>
      <td>{maybePercent(row.availabilityOutsideFaults)}</td>
      <td>{percent(row.firstAccessFailureRate)}</td>
      <td className={`comparison-verdict verdict-${row.verdict}`} data-verdict={row.verdict}>
        {verdictText(row)}
      </td>
      <td>{row.lostWrites}</td>
    </>
  );
}

/** "linearizable", or "violation: lost-update 2" naming what the checker found. */
export function verdictText(row: Exclude<ComparisonRow, { error: string }>): string {
  const word = row.verdict === 'ok' ? 'linearizable' : row.verdict;
  const anomalies = row.anomalies.length > 0 ? `: ${row.anomalies.join(', ')}` : '';
  return `${word}${anomalies}${row.settled ? '' : ' (not settled)'}`;
}
