/**
 * The client side, the same API as PaxosKV. Any of a key's three replicas takes a request; the group's
 * leader orders it into the log (a non-leader forwards it and resends until it sees the outcome), and
 * the node the client asked answers when it applies the slot that settles the request, so a reply
 * always reflects the state machine every replica computes. Reads are ordered in the log too, which
 * makes them linearizable. A request still waiting at its deadline gets UNAVAILABLE, never definite
 * for a write: the command may still be chosen.
 */
import { placeKey } from '../paxos/placement';
import { validateClientRequest } from '../paxos/validate';
import type { ClientReply, ClientRequest } from '../paxos/types';
import { answer, emit, leaderOf, send, type Step } from './context';
import { proposeNew } from './leader';
import { commandOf } from './pending';
import { emptyKvEntry } from './state-machine';
import { timersOf } from './timing';
import type { ApplyResult, ClientCommand, PendingRequest } from './types';

/** A refused read has nothing left to take effect; a refused write may still, through another attempt. */
function refusalIsDefinite(request: ClientRequest): boolean {
  return request.operation.kind === 'get';
}

export function onClient(step: Step, request: ClientRequest): void {
  const { state } = step;
  const problem = validateClientRequest(request, state.config);
  if (problem) {
    emit(step, { type: 'inputRejected', field: problem.field, reason: problem.reason });
    const requestId = typeof request?.requestId === 'string' ? request.requestId : '';
    const key = typeof request?.operation?.key === 'string' ? request.operation.key : '';
    const message = `${problem.field}: ${problem.reason}`;
    const { field } = problem;
    answer(step, key, { requestId, ok: false, code: 'INVALID_ARGUMENT', message, field, definite: true });
    return;
  }
  const refusal = refuse(step, request);
  if (refusal) {
    answer(step, request.operation.key, refusal);
    return;
  }
  if (state.pending[request.requestId]) return; // the same attempt twice: one answer is enough
  admit(step, request);
}

/** Why this node cannot take the request, or null when it can. */
function refuse(step: Step, request: ClientRequest): ClientReply | null {
  const { state } = step;
  const { requestId, operation } = request;
  const definite = refusalIsDefinite(request);
  const placement = placeKey(state.config.groups, operation.key);
  const { replicas } = placement;
  if (!replicas.includes(state.config.self)) {
    const message = `this node does not hold "${operation.key}"; its replicas are ${replicas.join(', ')}`;
    return { requestId, ok: false, code: 'NOT_REPLICA', message, replicas, definite };
  }
  if (state.groups[placement.groupId]!.learner) {
    const message = 'this node lost its disk and serves no requests until it has relearned';
    return { requestId, ok: false, code: 'LEARNER_ONLY', message, definite };
  }
  const max = state.config.limits.pendingRequestsMax;
  if (Object.keys(state.pending).length >= max) {
    const message = `this node already holds ${max} requests (pendingRequestsMax)`;
    return { requestId, ok: false, code: 'BUSY', message, definite };
  }
  const deadlineMs = request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs;
  if (deadlineMs <= state.nowMs) {
    return { requestId, ok: false, code: 'UNAVAILABLE', message: 'the deadline has passed', definite };
  }
  return null;
}

function admit(step: Step, request: ClientRequest): void {
  const { state } = step;
  const { requestId, operation } = request;
  const groupId = placeKey(state.config.groups, operation.key).groupId;
  const entry = state.groups[groupId]!.kv[operation.key] ?? emptyKvEntry();
  const applied = entry.requests.find((known) => known.requestId === requestId);
  if (operation.kind !== 'get' && applied) {
    const { version, index } = applied;
    answer(step, operation.key, { requestId, ok: true, version, value: null, index, path: 'dedup' });
    return;
  }
  const pending: PendingRequest = {
    request,
    group: groupId,
    attempt: `${state.config.self}:${state.nextMessageSeq}`,
    deadlineMs: request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs,
    arrivedAtVersion: entry.version,
    arrivedAtMs: state.nowMs,
    forwardAtMs: state.nowMs,
  };
  state.nextMessageSeq += 1;
  state.pending[requestId] = pending;
  drivePending(step, pending);
}

/** Hands a waiting request to the leader: proposed here when this node leads, else forwarded. */
export function drivePending(step: Step, pending: PendingRequest): void {
  const { state } = step;
  const group = state.groups[pending.group]!;
  if (state.nowMs >= pending.deadlineMs) return;
  if (group.leader) {
    proposeNew(step, group, commandOf(state, pending), pending.deadlineMs);
    return;
  }
  const leader = leaderOf(group, group.view);
  if (group.status !== 'normal' || leader === state.config.self || state.nowMs < pending.forwardAtMs) return;
  pending.forwardAtMs = state.nowMs + 2 * timersOf(state.config).resendMs;
  // Whole milliseconds, as the message's checks require: an agent's clock has fractions of one.
  const remainingMs = Math.floor(pending.deadlineMs - state.nowMs);
  send(step, group, leader, { type: 'forward', command: commandOf(state, pending), remainingMs });
  const { requestId } = pending.request;
  emit(step, { type: 'forwarded', group: group.id, requestId, peer: leader, view: group.view });
}

export function driveAllPending(step: Step): void {
  for (const pending of Object.values(step.state.pending)) drivePending(step, pending);
}

export function expirePending(step: Step): void {
  const { state } = step;
  for (const [requestId, pending] of Object.entries(state.pending)) {
    if (state.nowMs < pending.deadlineMs) continue;
    delete state.pending[requestId];
    const definite = refusalIsDefinite(pending.request);
    const message = `no leader ordered the request before its deadline${definite ? '' : '; the write may still take effect'}`;
    answer(step, pending.request.operation.key, {
      requestId,
      ok: false,
      code: 'UNAVAILABLE',
      message,
      definite,
    });
  }
}

/** Answers the request waiting here, if the slot just applied settles it. */
export function settleRequest(step: Step, command: ClientCommand, slot: number, result: ApplyResult): void {
  const pending = step.state.pending[command.requestId];
  if (!pending) return;
  const reply = replyFor(pending, command, slot, result);
  if (!reply) return;
  delete step.state.pending[command.requestId];
  answer(step, command.operation.key, reply);
}

/**
 * A read is answered only by its own attempt's slot: an older slot of the same id could be stale. A
 * write is settled by any attempt that took effect; a conflict or an indeterminate outcome only by its
 * own attempt, since another attempt may yet apply.
 */
function replyFor(
  pending: PendingRequest,
  command: ClientCommand,
  slot: number,
  result: ApplyResult,
): ClientReply | null {
  const { requestId, operation } = pending.request;
  const own = pending.attempt === command.attempt;
  const isRead = operation.kind === 'get';
  if (isRead !== (command.operation.kind === 'get')) return null;
  switch (result.kind) {
    case 'read':
      if (!own) return null;
      return {
        requestId,
        ok: true,
        version: result.version,
        value: result.value,
        index: slot,
        path: 'leader',
      };
    case 'written': {
      const path = own ? 'leader' : 'dedup';
      return { requestId, ok: true, version: result.version, value: null, index: slot, path };
    }
    case 'dedup': {
      const { version, index } = result.applied;
      return { requestId, ok: true, version, value: null, index, path: 'dedup' };
    }
    case 'conflict': {
      if (!own || operation.kind !== 'cas') return null;
      const { currentVersion } = result;
      const message = `expected version ${operation.expectedVersion}, the key is at ${currentVersion}`;
      const definite = currentVersion > operation.expectedVersion;
      return { requestId, ok: false, code: 'VERSION_CONFLICT', message, currentVersion, definite };
    }
    case 'indeterminate': {
      if (!own) return null;
      const message = `the key moved more than the dedup window past this request; retried too late`;
      return { requestId, ok: false, code: 'INDETERMINATE', message, definite: false };
    }
    case 'noop':
      return null;
  }
}
