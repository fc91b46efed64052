/**
 * Client calls as attempts: a new request gets the next id (c1, c2, ...), a retry sends a request
 * again under its id, and a node's reply answers that node's oldest unanswered attempt of the id (a
 * node may hold two attempts of one request at once). An attempt belongs to the node process it
 * reached: a crash loses it, and the restarted process never answers it. Kept apart from the cluster
 * so that the rules for ids and for what a caller hears stay in one place.
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

/** The incarnation an attempt to `node` reaches now; 0 while the node is down. */
function reached(state: SimState, node: NodeId): number {
  const target = state.nodes[node];
  return target?.core ? target.incarnation : 0;
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
  call: Omit<ClientCall, 'incarnation' | 'invokedAtMs' | 'reply' | 'repliedAtMs'>,
): ClientCall {
  const full: ClientCall = {
    ...call,
    incarnation: reached(state, call.node),
    invokedAtMs: state.nowMs,
    reply: null,
    repliedAtMs: null,
  };
  state.calls[full.callId] = full;
  return full;
}

/** Every attempt of a request, first first. */
export function attemptsOf(state: SimState, requestId: string): ClientCall[] {
  return Object.values(state.calls).filter((call) => call.requestId === requestId);
}

/**
 * The attempt a node's reply answers: the oldest unanswered attempt of that request id that reached
 * the node's running process (attempts an earlier process held were lost with it).
 */
export function answeredAttempt(state: SimState, node: NodeId, reply: ClientReply): ClientCall | undefined {
  const incarnation = reached(state, node);
  return attemptsOf(state, reply.requestId).find(
    (call) => call.node === node && call.incarnation === incarnation && call.reply === null,
  );
}

/** True while the attempt may still be answered: unanswered, and the process it reached still runs. */
export function awaitingReply(state: SimState, call: ClientCall): boolean {
  return call.reply === null && call.incarnation !== 0 && call.incarnation === reached(state, call.node);
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
