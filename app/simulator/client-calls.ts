/**
 * Client calls as attempts: a new request gets the next id (c1, c2, ...), a retry sends a request
 * again under its id, and a node's reply answers that node's oldest unanswered attempt of the id (a
 * node may hold two attempts of one request at once). Kept apart from the cluster so that the rules
 * for ids and for what a caller hears stay in one place.
 */
import type { ClientReply, NodeId } from '../paxos/types';
import { SimulationError, type ClientOp } from './inputs';
import type { ClientCall, SimState } from './sim-state';

/** Records the first attempt of a new request and returns it. */
export function openCall(state: SimState, node: NodeId, op: ClientOp, deadlineMs: number | null): ClientCall {
  const requestId = `c${state.nextRequestSeq}`;
  state.nextRequestSeq += 1;
  return record(state, { callId: requestId, requestId, attempt: 1, node, op, deadlineMs });
}

/** Records another attempt of request `of`; its deadline defaults to the first attempt's. */
export function openRetry(
  state: SimState,
  of: string,
  node: NodeId,
  deadlineMs: number | undefined,
): ClientCall {
  const first = state.calls[of];
  if (!first) throw new SimulationError('input.of', `no request "${of}" was made`);
  const attempt = attemptsOf(state, of).length + 1;
  return record(state, {
    callId: `${of}/${attempt}`,
    requestId: of,
    attempt,
    node,
    op: first.op,
    deadlineMs: deadlineMs ?? first.deadlineMs,
  });
}

function record(
  state: SimState,
  call: Omit<ClientCall, 'invokedAtMs' | 'reply' | 'repliedAtMs'>,
): ClientCall {
  const full: ClientCall = { ...call, invokedAtMs: state.nowMs, reply: null, repliedAtMs: null };
  state.calls[full.callId] = full;
  return full;
}

/** Every attempt of a request, first first. */
export function attemptsOf(state: SimState, requestId: string): ClientCall[] {
  return Object.values(state.calls).filter((call) => call.requestId === requestId);
}

/** The attempt a node's reply answers: its oldest unanswered attempt of that request id. */
export function answeredAttempt(state: SimState, node: NodeId, reply: ClientReply): ClientCall | undefined {
  return attemptsOf(state, reply.requestId).find((call) => call.node === node && call.reply === null);
}

/**
 * What a caller hears from a node that is down: nothing reached any node, so the answer is definite
 * for a read, and for a write unless an earlier attempt of the request may still take effect.
 */
export function nodeDownReply(state: SimState, call: ClientCall): ClientReply {
  const earlier = attemptsOf(state, call.requestId).filter((other) => other !== call);
  const settled = earlier.every((other) => other.reply !== null && !other.reply.ok && other.reply.definite);
  return {
    requestId: call.requestId,
    ok: false,
    code: 'UNAVAILABLE',
    message: 'node is down',
    definite: call.op.kind === 'get' || settled,
  };
}
