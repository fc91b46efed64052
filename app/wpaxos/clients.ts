/**
 * The client side, the same API as every protocol: get, put, delete and compare-and-set with versions and
 * request ids. Any member of the key's group takes a request. The object's leader orders it into the
 * object's log; a node that does not lead the object either forwards it to the leader, or steals the
 * object first when nobody leads it, its leader fell silent, or this node's zone sent most of its recent
 * requests (policy.ts). The node the client asked answers when it applies the slot that settles the
 * request, so a reply reflects the state machine every member computes. Reads take a slot too, which
 * makes them linearizable. A request still waiting at its deadline gets UNAVAILABLE, never definite for
 * a write: the command may still be chosen.
 */
import { emptyKvEntry } from '../multipaxos/state-machine';
import { timersOf } from '../multipaxos/timing';
import { placeKey } from '../paxos/placement';
import { validateClientRequest } from '../paxos/validate';
import type { ClientReply, ClientRequest } from '../paxos/types';
import { answer, emit, groupOf, objectFor, send, type Step } from './context';
import { leaderOfBallot, zoneOf } from './grid';
import { proposeNew } from './leader';
import { relearnTick } from './learner';
import { zoneWantsObject } from './policy';
import { startSteal } from './steal';
import type {
  ApplyResult,
  ClientCommand,
  ObjectState,
  PendingRequest,
  StealReason,
  UntaggedCommand,
} from './types';

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
  const { groupId } = placeKey(state.config.groups, operation.key);
  const members = state.config.groups.find((group) => group.id === groupId)!.members;
  if (!members.includes(state.config.self)) {
    const replicas = [...members];
    const message = `this node is not in the grid of "${operation.key}"; its members are ${replicas.join(', ')}`;
    return { requestId, ok: false, code: 'NOT_REPLICA', message, replicas, definite };
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
  const entry = state.kv[operation.key] ?? emptyKvEntry();
  const applied = entry.requests.find((known) => known.requestId === requestId);
  if (operation.kind !== 'get' && applied) {
    const { version, index } = applied;
    answer(step, operation.key, { requestId, ok: true, version, value: null, index, path: 'dedup' });
    return;
  }
  const pending: PendingRequest = {
    request,
    key: operation.key,
    attempt: `${state.config.self}:${state.nextMessageSeq}`,
    deadlineMs: request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs,
    arrivedAtVersion: entry.version,
    arrivedAtMs: state.nowMs,
    forwardAtMs: state.nowMs,
    forwardedAtMs: null,
    forwardedBallot: 0,
  };
  state.nextMessageSeq += 1;
  state.pending[requestId] = pending;
  drivePending(step, pending);
}

/** The command a waiting request becomes in the log, before the leader tags it. */
function commandOf(step: Step, pending: PendingRequest): UntaggedCommand {
  return {
    kind: 'client',
    requestId: pending.request.requestId,
    operation: pending.request.operation,
    origin: step.state.config.self,
    attempt: pending.attempt,
    arrivedAtVersion: pending.arrivedAtVersion,
  };
}

/**
 * Why this node should steal the object now, or null when it should forward to the leader. A leader is
 * silent when it has not answered this request's forward (an idle leader sends nothing, and is not
 * suspected for that).
 */
function stealReason(step: Step, object: ObjectState, pending: PendingRequest): StealReason | null {
  const { state } = step;
  const { self } = state.config;
  if (state.nowMs < object.stealAfterMs) return null;
  const group = groupOf(state, object);
  const leader = leaderOfBallot(group, object.leaderBallot);
  // Its own ballot from before a restart leads nothing now: the node takes the object again.
  if (leader === null || leader === self) return 'noLeader';
  const timers = timersOf(state.config);
  const { forwardedAtMs } = pending;
  const unanswered =
    forwardedAtMs !== null &&
    pending.forwardedBallot === object.leaderBallot &&
    object.leaderHeardAtMs < forwardedAtMs;
  if (unanswered && state.nowMs - forwardedAtMs >= timers.suspectMs + state.jitterMs) return 'leaderSilent';
  const zone = zoneOf(group, self);
  if (zoneOf(group, leader) !== zone && zoneWantsObject(object, zone)) return 'locality';
  return null;
}

/** Hands a waiting request on: proposed here when this node leads, else a steal or a forward. */
export function drivePending(step: Step, pending: PendingRequest): void {
  const { state } = step;
  const object = objectFor(state, pending.key)!;
  if (state.nowMs >= pending.deadlineMs) return;
  if (!object.relearned) {
    relearnTick(step, object);
    return;
  }
  if (!object.lead) {
    const reason = stealReason(step, object, pending);
    if (reason) startSteal(step, object, reason);
  }
  if (object.lead) {
    proposeNew(step, object, commandOf(step, pending), pending.deadlineMs);
    return;
  }
  const leader = leaderOfBallot(groupOf(state, object), object.leaderBallot);
  if (leader === null || leader === state.config.self || state.nowMs < pending.forwardAtMs) return;
  pending.forwardAtMs = state.nowMs + 2 * timersOf(state.config).resendMs;
  if (pending.forwardedAtMs === null || pending.forwardedBallot !== object.leaderBallot) {
    pending.forwardedAtMs = state.nowMs;
    pending.forwardedBallot = object.leaderBallot;
  }
  // Whole milliseconds, as the message's checks require: an agent's clock has fractions of one.
  const remainingMs = Math.floor(pending.deadlineMs - state.nowMs);
  const command = commandOf(step, pending);
  send(step, object, leader, { type: 'forward', command, remainingMs, commitPoint: object.commitPoint });
  const { requestId } = pending.request;
  emit(step, { type: 'forwarded', key: object.key, requestId, peer: leader, ballot: object.leaderBallot });
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
    answer(step, pending.key, { requestId, ok: false, code: 'UNAVAILABLE', message, definite });
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
  if ((operation.kind === 'get') !== (command.operation.kind === 'get')) return null;
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
    case 'written':
      return {
        requestId,
        ok: true,
        version: result.version,
        value: null,
        index: slot,
        path: own ? 'leader' : 'dedup',
      };
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
      const message = 'the key moved more than the dedup window past this request; retried too late';
      return { requestId, ok: false, code: 'INDETERMINATE', message, definite: false };
    }
    case 'noop':
      return null;
  }
}
