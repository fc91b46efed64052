/**
 * QuorumKV's coordinator: the node a client asks. It numbers a write from its own copy (version + 1),
 * stores it and answers once W replicas hold it; a read answers from the newest of R copies and
 * repairs the stale ones.
 */
import { placeKey, peersOf } from '../paxos/placement';
import { validateClientRequest } from '../paxos/validate';
import type { ClientRequest, NodeId } from '../paxos/types';
import { isNewer, withWrite } from './record';
import { keepReplicating } from './rounds';
import { answer, recordOf, send, store, type Step } from './step-context';
import { readQuorum, writeQuorum, type Coordination, type QuorumRecord } from './types';

export function onClient(step: Step, request: ClientRequest): void {
  const { state } = step;
  const problem = validateClientRequest(request, state.config);
  if (problem) {
    step.ready.events.push({ type: 'inputRejected', field: problem.field, reason: problem.reason });
    const requestId = typeof request?.requestId === 'string' ? request.requestId : '';
    const message = `${problem.field}: ${problem.reason}`;
    const key = typeof request?.operation?.key === 'string' ? request.operation.key : '';
    answer(step, key, {
      requestId,
      ok: false,
      code: 'INVALID_ARGUMENT',
      message,
      field: problem.field,
      definite: true,
    });
    return;
  }
  const { operation, requestId } = request;
  const { key } = operation;
  const replicas = placeKey(state.config.groups, key).replicas;
  if (!replicas.includes(state.config.self)) {
    const message = `this node does not hold "${key}"; its replicas are ${replicas.join(', ')}`;
    answer(step, key, { requestId, ok: false, code: 'NOT_REPLICA', message, replicas, definite: false });
    return;
  }
  if (state.coordinating[requestId]) return; // the same attempt twice: one answer is enough
  const deadlineMs = request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs;
  const local = recordOf(state, key);
  const coordination: Coordination = {
    request,
    deadlineMs,
    answered: [state.config.self],
    refused: [],
    version: local.version,
    newest: local,
    reports: { [state.config.self]: local },
    resendAtMs: state.nowMs + state.config.timing.roundTimeoutMs,
    written: null,
  };
  const peers = peersOf(replicas, state.config.self);
  if (operation.kind === 'get') {
    state.coordinating[requestId] = coordination;
    for (const to of peers) send(step, { type: 'replicaRead', to, key, requestId });
    return;
  }
  const applied = local.requests.find((entry) => entry.requestId === requestId);
  if (applied) {
    const { version } = applied;
    answer(step, key, { requestId, ok: true, version, value: null, index: version, path: 'dedup' });
    return;
  }
  if (operation.kind === 'cas' && operation.expectedVersion !== local.version) {
    const message = `expected version ${operation.expectedVersion}, this replica holds ${local.version}`;
    answer(step, key, {
      requestId,
      ok: false,
      code: 'VERSION_CONFLICT',
      message,
      currentVersion: local.version,
      definite: local.version > operation.expectedVersion,
    });
    return;
  }
  // The version comes from this replica's copy alone: no read quorum, no ordering with other writers.
  const value = operation.kind === 'delete' ? null : operation.value;
  const written = withWrite(local, { value, writer: state.config.self, requestId }, state.config.dedupWindow);
  store(step, written);
  coordination.version = written.version;
  coordination.written = written;
  state.coordinating[requestId] = coordination;
  for (const to of peers) send(step, { type: 'replicaWrite', to, key, record: written, requestId });
  step.ready.events.push({
    type: 'replicaStored',
    key,
    version: written.version,
    requestId,
    peer: state.config.self,
  });
  finishWrite(step, coordination);
}

export function finishWrite(step: Step, coordination: Coordination): void {
  const { request } = coordination;
  const { key } = request.operation;
  const { requestId } = request;
  if (coordination.answered.length >= writeQuorum) {
    delete step.state.coordinating[requestId];
    const { version } = coordination;
    keepReplicating(step.state, coordination);
    step.ready.events.push({
      type: 'quorumWrite',
      key,
      version,
      requestId,
      replicas: [...coordination.answered],
    });
    answer(step, key, { requestId, ok: true, version, value: null, index: version, path: 'quorum' });
    return;
  }
  const replicas = placeKey(step.state.config.groups, key).replicas.length;
  if (replicas - coordination.refused.length >= writeQuorum) return;
  delete step.state.coordinating[requestId];
  // The write stays stored here and on any replica that took it: QuorumKV does not undo it.
  const message = `${coordination.refused.length} replicas hold a newer version than ${coordination.version}`;
  answer(step, key, { requestId, ok: false, code: 'PREEMPTED', message, definite: false });
}

export function onReadReply(
  step: Step,
  from: NodeId,
  key: string,
  requestId: string,
  record: QuorumRecord,
): void {
  const { state } = step;
  const local = recordOf(state, key);
  if (isNewer(record, local)) store(step, record); // read repair of this replica
  const coordination = state.coordinating[requestId];
  if (!coordination) {
    repairIfStale(step, from, record, recordOf(state, key));
    return;
  }
  if (coordination.answered.includes(from)) return;
  coordination.answered.push(from);
  coordination.reports[from] = record;
  if (isNewer(record, coordination.newest!)) coordination.newest = record;
  if (coordination.answered.length < readQuorum) return;
  delete state.coordinating[requestId];
  const newest = coordination.newest!;
  for (const [replica, reported] of Object.entries(coordination.reports)) {
    if (replica !== state.config.self) repairIfStale(step, replica, reported, newest);
  }
  step.ready.events.push({
    type: 'quorumRead',
    key,
    version: newest.version,
    replicas: [...coordination.answered],
  });
  answer(step, key, {
    requestId,
    ok: true,
    version: newest.version,
    value: newest.value,
    index: newest.version,
    path: 'quorum',
  });
}

export function repairIfStale(step: Step, to: NodeId, reported: QuorumRecord, newest: QuorumRecord): void {
  if (!isNewer(newest, reported)) return;
  step.ready.events.push({ type: 'readRepair', key: newest.key, version: newest.version, peer: to });
  send(step, { type: 'replicaWrite', to, key: newest.key, record: newest, requestId: '' });
}
