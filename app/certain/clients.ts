/**
 * The client side, the same API as every protocol. One of a key's replicas takes a request, queues it
 * on the entity, and proposes it at max_chosen_entry + 1 once its DB has applied every chosen entry
 * (propose.ts); reads are entries too ("write for read"), which makes them linearizable. The answer goes
 * out when the entry carrying the request is applied to this node's DB, so it always reflects the state
 * every replica computes. A write still waiting at its deadline gets UNAVAILABLE, never definite: it may
 * still be chosen.
 */
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
import { isPreAuth } from './ballot';
import { answer, emit, type Step } from './context';
import { entityOf } from './entity';
import type { ApplyResult, Command, EntityState, PendingRequest } from './types';

export function onClient(step: Step, request: ClientRequest): EntityState | null {
  const { state } = step;
  const refusal = requestRefusal(request, state.config, (valid) => refuse(step, valid));
  if (refusal) {
    if (refusal.rejected) emit(step, refusal.rejected);
    answer(step, refusal.key, refusal.reply);
    return null;
  }
  const entity = entityOf(state, request.operation.key);
  if (entity.relearning) {
    const message = 'this node lost its disk and serves this key only once it has relearned it';
    const definite = refusalIsDefinite(request);
    answer(step, entity.key, {
      requestId: request.requestId,
      ok: false,
      code: 'LEARNER_ONLY',
      message,
      definite,
    });
    return entity;
  }
  if (entity.queue.some((pending) => pending.request.requestId === request.requestId)) return null;
  if (answerIfApplied(step, entity, request)) return null;
  entity.queue.push({
    request,
    attempt: `${state.config.self}:${state.nextMessageSeq}`,
    deadlineMs: deadlineOf(request, state.config, state.nowMs),
    arrivedAtVersion: entity.db.version,
    entriesLost: 0,
  });
  state.nextMessageSeq += 1;
  state.pendingCount += 1;
  return entity;
}

/** Why this node cannot take the request, or null when it can. */
function refuse(step: Step, request: ClientRequest): ClientReply | null {
  const { state } = step;
  const { requestId, operation } = request;
  const definite = refusalIsDefinite(request);
  const { replicas } = placeKey(state.config.groups, operation.key);
  if (!replicas.includes(state.config.self)) {
    const message = `this node does not hold "${operation.key}"; its replicas are ${replicas.join(', ')}`;
    return { requestId, ok: false, code: 'NOT_REPLICA', message, replicas, definite };
  }
  return refuseBusyOrLate(request, state.pendingCount, state.config, state.nowMs);
}

/** A write whose request id the DB row remembers is answered with its original's outcome (dedup). */
export function answerIfApplied(step: Step, entity: EntityState, request: ClientRequest): boolean {
  if (request.operation.kind === 'get') return false;
  const applied = entity.db.requests.find((known) => known.requestId === request.requestId);
  if (!applied) return false;
  answer(step, entity.key, dedupReply(request.requestId, applied));
  return true;
}

/** Takes a request off the entity's queue (answered, expired or given up). */
export function dropPending(step: Step, entity: EntityState, pending: PendingRequest): void {
  const at = entity.queue.indexOf(pending);
  if (at < 0) return;
  entity.queue.splice(at, 1);
  step.state.pendingCount -= 1;
  if (entity.proposal?.command?.kind === 'client' && entity.proposal.command.attempt === pending.attempt) {
    // Its deadline passed or it was answered: no later round may carry it (an accepted copy may still win).
    entity.proposal.command = null;
  }
}

/** The command a waiting request becomes in the log. */
export function commandOf(step: Step, pending: PendingRequest): Command {
  return {
    kind: 'client',
    tag: pending.attempt,
    requestId: pending.request.requestId,
    operation: pending.request.operation,
    origin: step.state.config.self,
    attempt: pending.attempt,
    arrivedAtVersion: pending.arrivedAtVersion,
  };
}

export function expirePending(step: Step, entity: EntityState): void {
  for (const pending of [...entity.queue]) {
    if (step.state.nowMs < pending.deadlineMs) continue;
    dropPending(step, entity, pending);
    answer(step, entity.key, expiredReply(pending.request, 'no entry carried the request'));
  }
}

/** Answers the request waiting here, if the entry just applied settles it. */
export function settleRequest(
  step: Step,
  entity: EntityState,
  command: Extract<Command, { kind: 'client' }>,
  entry: number,
  ballot: number,
  result: ApplyResult,
): void {
  const pending = entity.queue.find((waiting) => waiting.request.requestId === command.requestId);
  if (!pending) return;
  const path = isPreAuth(ballot, entity.replicas.length) ? 'fast' : 'prepare';
  const reply = replyForApplied(pending, command, entry, path, result);
  if (!reply) return;
  dropPending(step, entity, pending);
  answer(step, entity.key, reply);
}
