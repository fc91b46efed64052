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
import { replyForApplied } from '../multipaxos/applied-reply';
import { placeKey } from '../paxos/placement';
import type { ClientReply, ClientRequest } from '../paxos/types';
import {
  dedupReply,
  deadlineOf,
  expiredReply,
  refusalIsDefinite,
  refuseBusyOrLate,
  requestRefusal,
} from '../protocol/client-admission';
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

export function onClient(step: Step, request: ClientRequest): void {
  const { state } = step;
  const refusal = requestRefusal(request, state.config, (valid) => refuse(step, valid));
  if (refusal) {
    if (refusal.rejected) emit(step, refusal.rejected);
    answer(step, refusal.key, refusal.reply);
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
  return refuseBusyOrLate(request, Object.keys(state.pending).length, state.config, state.nowMs);
}

function admit(step: Step, request: ClientRequest): void {
  const { state } = step;
  const { requestId, operation } = request;
  const entry = state.kv[operation.key] ?? emptyKvEntry();
  const applied = entry.requests.find((known) => known.requestId === requestId);
  if (operation.kind !== 'get' && applied) {
    answer(step, operation.key, dedupReply(requestId, applied));
    return;
  }
  const pending: PendingRequest = {
    request,
    key: operation.key,
    attempt: `${state.config.self}:${state.nextMessageSeq}`,
    deadlineMs: deadlineOf(request, state.config, state.nowMs),
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
    answer(step, pending.key, expiredReply(pending.request, 'no leader ordered the request'));
  }
}

/** Answers the request waiting here, if the slot just applied settles it. */
export function settleRequest(step: Step, command: ClientCommand, slot: number, result: ApplyResult): void {
  const pending = step.state.pending[command.requestId];
  if (!pending) return;
  const reply = replyForApplied(pending, command, slot, 'leader', result);
  if (!reply) return;
  delete step.state.pending[command.requestId];
  answer(step, command.operation.key, reply);
}
