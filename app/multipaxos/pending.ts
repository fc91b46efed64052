/** Queries over the client requests waiting on this node, for the timers that watch them. */
import type { MultiPaxosNodeState, PendingRequest, UntaggedCommand } from './types';

export function hasPendingFor(state: MultiPaxosNodeState, group: string): boolean {
  for (const pending of Object.values(state.pending)) if (pending.group === group) return true;
  return false;
}

/** When the oldest request waiting for `group` arrived (Infinity when none waits). */
export function oldestPendingAtMs(state: MultiPaxosNodeState, group: string): number {
  let oldest = Infinity;
  for (const pending of Object.values(state.pending)) {
    if (pending.group === group) oldest = Math.min(oldest, pending.arrivedAtMs);
  }
  return oldest;
}

/** The command a waiting request becomes in the log, before the leader tags it. */
export function commandOf(state: MultiPaxosNodeState, pending: PendingRequest): UntaggedCommand {
  return {
    kind: 'client',
    requestId: pending.request.requestId,
    operation: pending.request.operation,
    origin: state.config.self,
    attempt: pending.attempt,
    arrivedAtVersion: pending.arrivedAtVersion,
  };
}
