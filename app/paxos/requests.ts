/**
 * Client requests wait in a queue per key; only the head is served, so a key has at most one
 * proposal or read in flight on this node. Deadlines and round exhaustion end requests with
 * UNAVAILABLE or PREEMPTED, saying whether the operation can still take effect.
 */
import { votesAt } from './acceptor';
import { recordOf } from './key-replica';
import { findApplied, headerOf } from './plog';
import { servesHead } from './proposer';
import { advanceRead } from './reads';
import { reply, type StepContext } from './ready';
import { advanceWrite, dedupReply } from './writes';
import type { ClientErrorCode, ClientReply, ClientRequest, PendingRequest, ProposerState } from './types';

function pendingCount(ctx: StepContext): number {
  let count = 0;
  for (const queue of Object.values(ctx.state.queues)) count += queue.length;
  return count;
}

function finishHead(ctx: StepContext, key: string, answer: ClientReply): void {
  const queue = ctx.state.queues[key];
  queue?.shift();
  if (queue?.length === 0) delete ctx.state.queues[key];
  reply(ctx, key, answer);
}

/** Serves the key's queue head until it needs to wait for a message or a tick. */
export function driveQueue(ctx: StepContext, key: string): void {
  for (;;) {
    const head = ctx.state.queues[key]?.[0];
    if (!head) return;
    const advance = head.request.operation.kind === 'get' ? advanceRead : advanceWrite;
    const answer = advance(ctx, key, head);
    if (!answer) return;
    finishHead(ctx, key, answer);
  }
}

/** After anything changed for a key: drop a proposer whose index was decided, then drive the queue. */
export function settleKey(ctx: StepContext, key: string): void {
  const proposer = ctx.state.proposers[key];
  if (proposer && !votesAt(recordOf(ctx.state, key), proposer.index)) {
    delete ctx.state.proposers[key];
  }
  driveQueue(ctx, key);
}

/**
 * Whether a refusal of this attempt may be reported as definite. A read has no effect to wait for; a
 * write's other attempts (same request id, other nodes or earlier calls) may still take effect.
 */
export function refusalIsDefinite(request: ClientRequest): boolean {
  return request.operation.kind === 'get';
}

export function enqueue(ctx: StepContext, request: ClientRequest): void {
  const key = request.operation.key;
  const { limits, timing } = ctx.state.config;
  if (pendingCount(ctx) >= limits.pendingRequestsMax) {
    const message = `this node already holds ${limits.pendingRequestsMax} requests (pendingRequestsMax)`;
    const definite = refusalIsDefinite(request);
    reply(ctx, key, { requestId: request.requestId, ok: false, code: 'BUSY', message, definite });
    return;
  }
  // Looked up on arrival: the window tells whether the request was applied up to the chosen index
  // known now; a request that waits is checked again later only for entries chosen after this one.
  const record = recordOf(ctx.state, key);
  const applied = request.operation.kind === 'get' ? undefined : findApplied(record, request.requestId);
  if (applied) return reply(ctx, key, dedupReply(request.requestId, applied));
  const queue = (ctx.state.queues[key] ??= []);
  queue.push({
    request,
    deadlineMs: Math.min(request.deadlineMs ?? Infinity, ctx.state.nowMs + timing.requestTimeoutMs),
    arrivedAtChosenIndex: headerOf(record).chosenIndex,
    stage: 'queued',
    roundsUsed: 0,
    quorumReached: false,
    contested: false,
    exposed: false,
  });
  if (queue.length === 1) driveQueue(ctx, key);
}

function failure(request: PendingRequest, code: ClientErrorCode, message: string): ClientReply {
  const definite = refusalIsDefinite(request.request);
  return { requestId: request.request.requestId, ok: false, code, message, definite };
}

/**
 * `proposer` used every round it was allowed. When it worked for the queue head, the head fails:
 * PREEMPTED when peers answered (they refused, or a quorum was reached and then lost), UNAVAILABLE
 * when every round timed out unanswered.
 */
export function failExhausted(ctx: StepContext, key: string, proposer: ProposerState): void {
  const head = ctx.state.queues[key]?.[0];
  if (!head || !servesHead(head, proposer)) return driveQueue(ctx, key);
  const answered = head.quorumReached || head.contested;
  const answer = answered
    ? failure(
        head,
        'PREEMPTED',
        `competing proposals won all ${head.roundsUsed} rounds this request was allowed`,
      )
    : failure(head, 'UNAVAILABLE', `no replica answered in ${head.roundsUsed} rounds`);
  finishHead(ctx, key, answer);
  driveQueue(ctx, key);
}

function expired(request: PendingRequest, timeoutMs: number): ClientReply {
  const within = request.request.deadlineMs === undefined ? `within ${timeoutMs} ms` : `before its deadline`;
  if (!request.quorumReached) {
    return failure(request, 'UNAVAILABLE', `no quorum of replicas answered ${within}`);
  }
  return failure(request, 'PREEMPTED', `the request did not complete ${within}`);
}

/** Ends every request whose deadline has passed; a head's proposal stops with it. */
export function expireRequests(ctx: StepContext): void {
  const { nowMs, config } = ctx.state;
  for (const [key, queue] of Object.entries(ctx.state.queues)) {
    const due = queue.filter((request) => request.deadlineMs <= nowMs);
    if (due.length === 0) continue;
    const proposer = ctx.state.proposers[key];
    if (proposer && queue[0] && due.includes(queue[0]) && servesHead(queue[0], proposer)) {
      delete ctx.state.proposers[key];
    }
    const remaining = queue.filter((request) => request.deadlineMs > nowMs);
    if (remaining.length > 0) ctx.state.queues[key] = remaining;
    else delete ctx.state.queues[key];
    for (const request of due) reply(ctx, key, expired(request, config.timing.requestTimeoutMs));
  }
}
