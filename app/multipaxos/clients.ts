/**
 * The client side, the same API as PaxosKV. Any of a key's three replicas takes a request; the group's
 * leader orders it into the log (a non-leader forwards it and resends until it sees the outcome), and
 * the node the client asked answers when it applies the slot that settles the request, so a reply
 * always reflects the state machine every replica computes. Reads are ordered in the log too, which
 * makes them linearizable. A request still waiting at its deadline gets UNAVAILABLE, never definite
 * for a write: the command may still be chosen.
 */
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
import { replyForApplied } from './applied-reply';
import { answer, emit, leaderOf, send, type Step } from './context';
import { proposeNew } from './leader';
import { commandOf } from './pending';
import { emptyKvEntry } from './state-machine';
import { timersOf } from './timing';
import type { ApplyResult, ClientCommand, PendingRequest } from './types';

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
  return refuseBusyOrLate(request, Object.keys(state.pending).length, state.config, state.nowMs);
}

function admit(step: Step, request: ClientRequest): void {
  const { state } = step;
  const { requestId, operation } = request;
  const groupId = placeKey(state.config.groups, operation.key).groupId;
  const entry = state.groups[groupId]!.kv[operation.key] ?? emptyKvEntry();
  const applied = entry.requests.find((known) => known.requestId === requestId);
  if (operation.kind !== 'get' && applied) {
    answer(step, operation.key, dedupReply(requestId, applied));
    return;
  }
  const pending: PendingRequest = {
    request,
    group: groupId,
    attempt: `${state.config.self}:${state.nextMessageSeq}`,
    deadlineMs: deadlineOf(request, state.config, state.nowMs),
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
    const reply = expiredReply(pending.request, 'no leader ordered the request');
    answer(step, pending.request.operation.key, reply);
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
