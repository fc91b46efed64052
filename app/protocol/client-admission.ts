/**
 * The answers every log-based core gives a client request before and after it waits: the refusal of a
 * malformed, overloaded or late request, the dedup answer for a write already applied, and the
 * UNAVAILABLE answer at the deadline. The cores differ in where a request waits and who orders it, not
 * in these.
 */
import type { ClientReply, ClientRequest } from '../kv/operations';
import type { CoreConfig } from '../paxos/types';
import { validateClientRequest, type InputProblem } from '../paxos/validate';
import { requestRejected, type InputRejectedEvent } from './input-rejection';

/** A refused read has nothing left to take effect; a refused write may still, through another attempt. */
export function refusalIsDefinite(request: ClientRequest): boolean {
  return request.operation.kind === 'get';
}

/**
 * The INVALID_ARGUMENT answer to a request that failed validation, and the key to answer it under: its
 * id and key only as far as they can be read ('' when malformed).
 */
function invalidRequestAnswer(
  request: ClientRequest,
  problem: InputProblem,
): { key: string; reply: ClientReply } {
  const requestId = typeof request?.requestId === 'string' ? request.requestId : '';
  const key = typeof request?.operation?.key === 'string' ? request.operation.key : '';
  const message = `${problem.field}: ${problem.reason}`;
  const { field } = problem;
  return { key, reply: { requestId, ok: false, code: 'INVALID_ARGUMENT', message, field, definite: true } };
}

/** A request this node will not take: its answer, the key to answer under, the event of a malformed one. */
export interface RequestRefusal {
  key: string;
  reply: ClientReply;
  rejected: InputRejectedEvent | null;
}

/**
 * Why a request is refused before it waits: malformed (INVALID_ARGUMENT), or what `refuse` says about a
 * well-formed one; null when the node may take it.
 */
export function requestRefusal(
  request: ClientRequest,
  config: CoreConfig,
  refuse: (request: ClientRequest) => ClientReply | null,
): RequestRefusal | null {
  const problem = validateClientRequest(request, config);
  if (problem) return { ...invalidRequestAnswer(request, problem), rejected: requestRejected(problem) };
  const reply = refuse(request);
  return reply ? { key: request.operation.key, reply, rejected: null } : null;
}

/** When a request stops waiting: its own deadline, or the configured timeout from now. */
export function deadlineOf(request: ClientRequest, config: CoreConfig, nowMs: number): number {
  return request.deadlineMs ?? nowMs + config.timing.requestTimeoutMs;
}

/**
 * BUSY when the node already holds pendingRequestsMax requests, UNAVAILABLE when the request's deadline
 * has passed, or null when neither stops it.
 */
export function refuseBusyOrLate(
  request: ClientRequest,
  pendingCount: number,
  config: CoreConfig,
  nowMs: number,
): ClientReply | null {
  const { requestId } = request;
  const definite = refusalIsDefinite(request);
  const max = config.limits.pendingRequestsMax;
  if (pendingCount >= max) {
    const message = `this node already holds ${max} requests (pendingRequestsMax)`;
    return { requestId, ok: false, code: 'BUSY', message, definite };
  }
  if (deadlineOf(request, config, nowMs) <= nowMs) {
    return { requestId, ok: false, code: 'UNAVAILABLE', message: 'the deadline has passed', definite };
  }
  return null;
}

/** The answer to a retried write whose request id the key's state remembers: its original's outcome. */
export function dedupReply(requestId: string, applied: { version: number; index: number }): ClientReply {
  const { version, index } = applied;
  return { requestId, ok: true, version, value: null, index, path: 'dedup' };
}

/**
 * The UNAVAILABLE answer to a request still waiting at its deadline; `missed` says what did not happen
 * in time. Never definite for a write: it may still take effect.
 */
export function expiredReply(request: ClientRequest, missed: string): ClientReply {
  const definite = refusalIsDefinite(request);
  const message = `${missed} before its deadline${definite ? '' : '; the write may still take effect'}`;
  return { requestId: request.requestId, ok: false, code: 'UNAVAILABLE', message, definite };
}
