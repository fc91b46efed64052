/**
 * The client side, the same API as every protocol. One of a key's replicas takes a request, queues it
 * on the entity, and proposes it at max_chosen_entry + 1 once its DB has applied every chosen entry
 * (propose.ts); reads are entries too ("write for read"), which makes them linearizable. The answer goes
 * out when the entry carrying the request is applied to this node's DB, so it always reflects the state
 * every replica computes. A write still waiting at its deadline gets UNAVAILABLE, never definite: it may
 * still be chosen.
 */
import { placeKey } from '../paxos/placement';
import { validateClientRequest } from '../paxos/validate';
import type { ClientReply, ClientRequest } from '../paxos/types';
import { isPreAuth } from './ballot';
import { answer, emit, type Step } from './context';
import { entityOf } from './entity';
import type { ApplyResult, Command, EntityState, PendingRequest } from './types';

/** A refused read has nothing left to take effect; a refused write may still, through another attempt. */
function refusalIsDefinite(request: ClientRequest): boolean {
  return request.operation.kind === 'get';
}

export function onClient(step: Step, request: ClientRequest): EntityState | null {
  const { state } = step;
  const problem = validateClientRequest(request, state.config);
  if (problem) {
    emit(step, { type: 'inputRejected', field: problem.field, reason: problem.reason });
    const requestId = typeof request?.requestId === 'string' ? request.requestId : '';
    const key = typeof request?.operation?.key === 'string' ? request.operation.key : '';
    const message = `${problem.field}: ${problem.reason}`;
    const { field } = problem;
    answer(step, key, { requestId, ok: false, code: 'INVALID_ARGUMENT', message, field, definite: true });
    return null;
  }
  const refusal = refuse(step, request);
  if (refusal) {
    answer(step, request.operation.key, refusal);
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
    deadlineMs: request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs,
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
  const max = state.config.limits.pendingRequestsMax;
  if (state.pendingCount >= max) {
    const message = `this node already holds ${max} requests (pendingRequestsMax)`;
    return { requestId, ok: false, code: 'BUSY', message, definite };
  }
  const deadlineMs = request.deadlineMs ?? state.nowMs + state.config.timing.requestTimeoutMs;
  if (deadlineMs <= state.nowMs) {
    return { requestId, ok: false, code: 'UNAVAILABLE', message: 'the deadline has passed', definite };
  }
  return null;
}

/** A write whose request id the DB row remembers is answered with its original's outcome (dedup). */
export function answerIfApplied(step: Step, entity: EntityState, request: ClientRequest): boolean {
  if (request.operation.kind === 'get') return false;
  const applied = entity.db.requests.find((known) => known.requestId === request.requestId);
  if (!applied) return false;
  const { version, index } = applied;
  answer(step, entity.key, {
    requestId: request.requestId,
    ok: true,
    version,
    value: null,
    index,
    path: 'dedup',
  });
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
    const definite = refusalIsDefinite(pending.request);
    const message = `no entry carried the request before its deadline${definite ? '' : '; the write may still take effect'}`;
    answer(step, entity.key, {
      requestId: pending.request.requestId,
      ok: false,
      code: 'UNAVAILABLE',
      message,
      definite,
    });
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
  const reply = replyFor(pending, command, entry, path, result);
  if (!reply) return;
  dropPending(step, entity, pending);
  answer(step, entity.key, reply);
}

/**
 * A read is answered only by its own attempt's entry: an older entry of the same id could be stale. A
 * write is settled by any attempt that took effect; a conflict or an indeterminate outcome only by its
 * own attempt, since another attempt may yet apply.
 */
function replyFor(
  pending: PendingRequest,
  command: Extract<Command, { kind: 'client' }>,
  entry: number,
  path: 'fast' | 'prepare',
  result: ApplyResult,
): ClientReply | null {
  const { requestId, operation } = pending.request;
  const own = pending.attempt === command.attempt;
  if ((operation.kind === 'get') !== (command.operation.kind === 'get')) return null;
  switch (result.kind) {
    case 'read':
      return own
        ? { requestId, ok: true, version: result.version, value: result.value, index: entry, path }
        : null;
    case 'written':
      return {
        requestId,
        ok: true,
        version: result.version,
        value: null,
        index: entry,
        path: own ? path : 'dedup',
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
