/**
 * The part of a running history the live check can judge without false alarms. Operations still in
 * flight are not in the history yet, and a read may already show what one of them wrote; so the check
 * looks only at operations called before a horizon before which every call has been recorded. Of
 * those, an operation that returned after the horizon may depend on later calls: a read (or a failed
 * CAS, which reads) is left out, and a write counts as unknown (it took effect or not). Any
 * linearization of the whole history, cut at the horizon, linearizes this part, so a violation here
 * is a violation of the whole.
 */
import type { HistoryOperation } from '../../app/checker/history';

/**
 * The horizon of a run whose clients are closed loops (one operation out at a time, the next called
 * after the last returned): a client's unrecorded operation was called after its newest recorded
 * return, so every call before the smallest of those over all clients is in the history.
 */
export function closedLoopHorizon(
  clients: readonly string[],
  newestReturnMs: Readonly<Record<string, number>>,
): number {
  return Math.min(...clients.map((client) => newestReturnMs[client] ?? 0));
}

/** Operations of `operations` (any order) as the live check sees them at `horizonMs`. */
export function cutHistory(operations: readonly HistoryOperation[], horizonMs: number): HistoryOperation[] {
  if (horizonMs === Infinity) return [...operations];
  const cut: HistoryOperation[] = [];
  for (const operation of operations) {
    if (operation.callMs >= horizonMs) continue;
    if (operation.returnMs !== null && operation.returnMs < horizonMs) {
      cut.push(operation);
      continue;
    }
    // A read, or a failed write (no effect; a failed CAS only read the version): safe to leave out.
    if (operation.kind === 'get' || operation.outcome === 'fail') continue;
    cut.push(asUnknownWrite(operation));
  }
  return cut;
}

function asUnknownWrite(operation: HistoryOperation): HistoryOperation {
  const write: HistoryOperation = { ...operation, returnMs: null, outcome: 'unknown' };
  delete write.result;
  return write;
}
