/**
 * QuorumKV's core. The node a client asks coordinates: it numbers a write from its own copy of the key
 * (version + 1), stores it, sends it to the other two replicas and answers once W=2 hold it; the third
 * gets it whenever its copy arrives. A read asks the other two, answers from the newest of R=2 copies
 * and repairs a stale replica in the background. Nothing orders concurrent writes: two coordinators
 * can write the same version with different values, and a write that failed stays stored where it
 * landed. Those are the anomalies the checker is expected to find.
 */
import { assert } from '../util/assert';
import { placeKey, peersOf } from '../paxos/placement';
import { checkKey, validateClientRequest } from '../paxos/validate';
import { routeInput, startNodeBase } from '../protocol/node-base';
import type { NodeStart, ProtocolInput, ProtocolReady } from '../protocol/protocol';
import type { ClientReply, ClientRequest, CoreConfig, NodeId } from '../paxos/types';
import { checkQuorumRecord, emptyRecord, isNewer, withWrite } from './record';
import {
  readQuorum,
  writeQuorum,
  type Coordination,
  type QuorumEvent,
  type QuorumMessage,
  type QuorumNodeState,
  type QuorumRecord,
} from './types';

type Ready = ProtocolReady<QuorumMessage, QuorumRecord, QuorumEvent>;
type Outgoing = QuorumMessage extends infer M
  ? M extends QuorumMessage
    ? Omit<M, 'id' | 'from'>
    : never
  : never;

export function createQuorumNode(config: CoreConfig, start: NodeStart<QuorumRecord>): QuorumNodeState {
  const state: QuorumNodeState = Object.assign(startNodeBase(config, start), {
    records: {},
    coordinating: {},
    replicating: {},
    clearLearnerFlag: start.learnerOnly === true,
  });
  for (const record of start.records ?? []) {
    const problem = checkQuorumRecord(record);
    if (problem) throw new Error(`records["${record.key}"]: ${problem}`);
    state.records[record.key] = record;
  }
  return state;
}

interface Step {
  state: QuorumNodeState;
  ready: Ready;
  /** Keys written in this step; their records are persisted (synced) before anything is revealed. */
  written: Set<string>;
}

export function stepQuorum(
  state: QuorumNodeState,
  input: ProtocolInput<QuorumMessage>,
): { state: QuorumNodeState; ready: Ready } {
  const ready: Ready = { persist: [], meta: null, mustSync: false, messages: [], replies: [], events: [] };
  const step: Step = { state, ready, written: new Set() };
  if (state.clearLearnerFlag) {
    // QuorumKV has no learner mode: a wiped replica serves at once with whatever it gets sent.
    state.clearLearnerFlag = false;
    ready.meta = { learnerOnly: false };
    ready.mustSync = true;
  }
  routeInput(input, {
    tick: (nowMs) => {
      state.nowMs = Math.max(state.nowMs, nowMs);
      expire(step);
      resend(step);
    },
    receive: (message) => onMessage(step, message),
    client: (request) => onClient(step, request),
  });
  for (const key of step.written) {
    const record = state.records[key]!;
    assert(checkQuorumRecord(record) === null, () => `record ${key}: ${checkQuorumRecord(record)}`);
    ready.persist.push({ key, record });
    ready.mustSync = true;
  }
  return { state, ready };
}

function send(step: Step, message: Outgoing): void {
  const { state } = step;
  const id = `${state.config.self}:${state.nextMessageSeq}`;
  state.nextMessageSeq += 1;
  step.ready.messages.push({ ...message, id, from: state.config.self } as QuorumMessage);
}

function answer(step: Step, key: string, reply: ClientReply): void {
  step.ready.replies.push(reply);
  step.ready.events.push({
    type: 'replied',
    key,
    requestId: reply.requestId,
    ok: reply.ok,
    ...(reply.ok ? { path: reply.path } : { code: reply.code }),
  });
}

function recordOf(state: QuorumNodeState, key: string): QuorumRecord {
  return state.records[key] ?? emptyRecord(key);
}

function store(step: Step, record: QuorumRecord): void {
  step.state.records[record.key] = record;
  step.written.add(record.key);
}

function onClient(step: Step, request: ClientRequest): void {
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
    const value = null;
    answer(step, key, {
      requestId,
      ok: true,
      version: applied.version,
      value,
      index: applied.version,
      path: 'dedup',
    });
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

function onMessage(step: Step, message: QuorumMessage): void {
  const { state } = step;
  const problem = checkKey(message.key, 'key', state.config);
  if (problem) {
    step.ready.events.push({
      type: 'inputRejected',
      field: problem.field,
      reason: problem.reason,
      peer: message.from,
    });
    return;
  }
  switch (message.type) {
    case 'replicaWrite': {
      const local = recordOf(state, message.key);
      const stored = isNewer(message.record, local);
      if (stored) {
        store(step, message.record);
        const { version } = message.record;
        step.ready.events.push({
          type: 'replicaStored',
          key: message.key,
          version,
          requestId: message.requestId,
          peer: message.from,
        });
      } else if (local.version !== message.record.version || local.writer !== message.record.writer) {
        const event = {
          type: 'replicaRefused',
          key: message.key,
          version: message.record.version,
          newer: local.version,
          peer: message.from,
        } as const;
        step.ready.events.push(event);
      }
      if (message.requestId === '') return; // a read repair: nobody waits for the ack
      const ok =
        stored || (local.version === message.record.version && local.writer === message.record.writer);
      const version = recordOf(state, message.key).version;
      send(step, {
        type: 'replicaWriteAck',
        to: message.from,
        key: message.key,
        requestId: message.requestId,
        ok,
        version,
      });
      return;
    }
    case 'replicaWriteAck': {
      settleReplication(state, message.requestId, message.from);
      const coordination = state.coordinating[message.requestId];
      if (!coordination || coordination.request.operation.kind === 'get') return;
      if (coordination.answered.includes(message.from) || coordination.refused.includes(message.from)) return;
      (message.ok ? coordination.answered : coordination.refused).push(message.from);
      finishWrite(step, coordination);
      return;
    }
    case 'replicaRead':
      send(step, {
        type: 'replicaReadReply',
        to: message.from,
        key: message.key,
        requestId: message.requestId,
        record: recordOf(state, message.key),
      });
      return;
    case 'replicaReadReply':
      onReadReply(step, message.from, message.key, message.requestId, message.record);
      return;
  }
}

function finishWrite(step: Step, coordination: Coordination): void {
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

function onReadReply(step: Step, from: NodeId, key: string, requestId: string, record: QuorumRecord): void {
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

function repairIfStale(step: Step, to: NodeId, reported: QuorumRecord, newest: QuorumRecord): void {
  if (!isNewer(newest, reported)) return;
  step.ready.events.push({ type: 'readRepair', key: newest.key, version: newest.version, peer: to });
  send(step, { type: 'replicaWrite', to, key: newest.key, record: newest, requestId: '' });
}

function expire(step: Step): void {
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
function resend(step: Step): void {
  const { state } = step;
  const { roundTimeoutMs } = state.config.timing;
  for (const [requestId, coordination] of Object.entries(state.coordinating)) {
    if (state.nowMs < coordination.resendAtMs) continue;
    coordination.resendAtMs = state.nowMs + roundTimeoutMs;
    const { key } = coordination.request.operation;
    const replicas = placeKey(state.config.groups, key).replicas;
    const silent = replicas.filter(
      (replica) => !coordination.answered.includes(replica) && !coordination.refused.includes(replica),
    );
    for (const to of silent) {
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
function keepReplicating(state: QuorumNodeState, coordination: Coordination): void {
  const { key } = coordination.request.operation;
  const pending = placeKey(state.config.groups, key).replicas.filter(
    (replica) => !coordination.answered.includes(replica) && !coordination.refused.includes(replica),
  );
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
function settleReplication(state: QuorumNodeState, requestId: string, from: NodeId): void {
  const replication = state.replicating[requestId];
  if (!replication) return;
  replication.pending = replication.pending.filter((replica) => replica !== from);
  if (replication.pending.length === 0) delete state.replicating[requestId];
}
