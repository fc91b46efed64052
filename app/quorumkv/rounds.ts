/**
 * QuorumKV's timers: a coordination past its deadline is answered UNAVAILABLE; silent replicas are
 * asked again once per round timeout; a write already acknowledged by W replicas goes on being sent to
 * the rest in the background until its deadline.
 */
import { placeKey } from '../paxos/placement';
import type { NodeId } from '../paxos/types';
import { answer, send, type Step } from './step-context';
import { writeQuorum, type Coordination, type QuorumNodeState } from './types';

export function expire(step: Step): void {
  const { state } = step;
  for (const [requestId, coordination] of Object.entries(state.coordinating)) {
    if (state.nowMs < coordination.deadlineMs) continue;
    delete state.coordinating[requestId];
    const { key } = coordination.request.operation;
    const heard = coordination.answered.length;
    const message = `only ${heard} of the key's replicas answered in time; ${writeQuorum} are needed`;
    const write = coordination.request.operation.kind !== 'get';
    answer(step, key, { requestId, ok: false, code: 'UNAVAILABLE', message, definite: write ? false : true });
  }
}

/** Each coordination's silent replicas, asked again once per round timeout until the deadline. */
export function resend(step: Step): void {
  const { state } = step;
  const { roundTimeoutMs } = state.config.timing;
  for (const [requestId, coordination] of Object.entries(state.coordinating)) {
    if (state.nowMs < coordination.resendAtMs) continue;
    coordination.resendAtMs = state.nowMs + roundTimeoutMs;
    const { key } = coordination.request.operation;
    for (const to of silentReplicas(state, coordination)) {
      if (coordination.written) {
        send(step, { type: 'replicaWrite', to, key, record: coordination.written, requestId });
      } else {
        send(step, { type: 'replicaRead', to, key, requestId });
      }
    }
  }
  for (const [requestId, replication] of Object.entries(state.replicating)) {
    if (state.nowMs >= replication.untilMs) {
      delete state.replicating[requestId]; // given up: a read repair is the only way left
      continue;
    }
    if (state.nowMs < replication.resendAtMs) continue;
    replication.resendAtMs = state.nowMs + roundTimeoutMs;
    const { record } = replication;
    for (const to of replication.pending) {
      send(step, { type: 'replicaWrite', to, key: record.key, record, requestId });
    }
  }
}

/** After W replicas stored a write, the replicas still silent go on getting it in the background. */
export function keepReplicating(state: QuorumNodeState, coordination: Coordination): void {
  const pending = silentReplicas(state, coordination);
  if (pending.length === 0 || !coordination.written) return;
  state.replicating[coordination.request.requestId] = {
    record: coordination.written,
    requestId: coordination.request.requestId,
    pending,
    resendAtMs: coordination.resendAtMs,
    untilMs: coordination.deadlineMs,
  };
}

/** A replica answered a write already acknowledged (stored or refused it): stop sending it there. */
export function settleReplication(state: QuorumNodeState, requestId: string, from: NodeId): void {
  const replication = state.replicating[requestId];
  if (!replication) return;
  replication.pending = replication.pending.filter((replica) => replica !== from);
  if (replication.pending.length === 0) delete state.replicating[requestId];
}

/** The key's replicas that neither stored nor refused the coordination's request yet. */
function silentReplicas(state: QuorumNodeState, coordination: Coordination): NodeId[] {
  const { key } = coordination.request.operation;
  return placeKey(state.config.groups, key).replicas.filter(
    (replica) => !coordination.answered.includes(replica) && !coordination.refused.includes(replica),
  );
}
