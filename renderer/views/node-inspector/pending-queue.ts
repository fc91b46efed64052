/**
 * A node's pending-entry timeout queue (app/paxos/pending-timeouts.ts) as its recent events tell it:
 * per key, the level its entry reached and when the next level fires. An entry enters the queue
 * silently (every write passes through a pending entry for a moment), so only entries whose first
 * level has fired are listed; an entry leaves the list when its `resolved` event arrives. The console
 * keeps a bounded window of recent events, so an entry whose last event scrolled out of it is gone.
 */
import type { ClusterEvent } from '../../../app/model/cluster-event';

export interface PendingQueueRow {
  key: string;
  index: number;
  /** What fires next: retry later, give up and catch up; or given up (waiting on its peers). */
  next: 'retry later' | 'give up and catch up' | 'given up';
  /** When the next level fires, in the node's event time; null once given up. */
  dueMs: number | null;
  /** The node's event time of the level that fired last. */
  sinceMs: number;
}

const nextAfter = {
  retriedSoon: 'retry later',
  retriedLater: 'give up and catch up',
  gaveUp: 'given up',
} as const;

/** The queue's rows for `nodeId`, soonest first (given-up entries last), from events oldest first. */
export function pendingQueueOf(events: readonly ClusterEvent[], nodeId: string): PendingQueueRow[] {
  const rows = new Map<string, PendingQueueRow>();
  for (const event of events) {
    if (event.type !== 'pendingTimeout' || event.agent !== nodeId) continue;
    const { key, index, step, timeMs, nextInMs } = event;
    if (key === undefined) continue;
    if (step === 'resolved') {
      rows.delete(key);
      continue;
    }
    rows.set(key, {
      key,
      index: index ?? 0,
      next: nextAfter[step],
      dueMs: nextInMs > 0 ? timeMs + nextInMs : null,
      sinceMs: timeMs,
    });
  }
  return [...rows.values()].sort(
    (a, b) => (a.dueMs ?? Infinity) - (b.dueMs ?? Infinity) || a.key.localeCompare(b.key),
  );
}
