/** The node's pending-entry timeout queue (pending-queue.ts): which entries wait at which level, and for how long. */
import { useCallback } from 'react';
import type { ObservedCluster } from '../../store/observed-cluster';
import { useShownThrottled } from '../use-console';
import { pendingQueueOf, type PendingQueueRow } from './pending-queue';

/** The queue changes at most every few hundred milliseconds; two redraws a second are plenty. */
const redrawMs = 500;

interface Shown {
  rows: PendingQueueRow[];
  /** The newest event's time: "now" in the cluster's own time (wall or simulated). */
  nowMs: number;
}

function dueText(row: PendingQueueRow, nowMs: number): string {
  if (row.dueMs === null) return 'waits for its peers (or the next request on the key)';
  const inMs = row.dueMs - nowMs;
  return inMs > 0 ? `in ${(inMs / 1000).toFixed(1)} s` : 'due now';
}

export function PendingEntries({ nodeId }: { nodeId: string }) {
  const shownOf = useCallback(
    (observed: ObservedCluster): Shown => ({
      rows: pendingQueueOf(observed.recent, nodeId),
      nowMs: observed.lastTimeMs,
    }),
    [nodeId],
  );
  const { rows, nowMs } = useShownThrottled(shownOf, redrawMs);
  return (
    <details className="pending-entries" open data-pending-entries={rows.length}>
      <summary>
        pending entries{' '}
        <span className="dim">
          (retry soon 0.5 s → retry later 2 s → give up and catch up 5 s; listed once a level fired)
        </span>
      </summary>
      {rows.length === 0 ? (
        <div className="dim">none left pending</div>
      ) : (
        <table className="mono">
          <thead>
            <tr>
              <th>entry</th>
              <th>next</th>
              <th>when</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-pending-key={row.key}>
                <td>
                  {row.key}#{row.index}
                </td>
                <td>{row.next}</td>
                <td>{dueText(row, nowMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
