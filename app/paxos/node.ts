/**
 * A node's core: createNodeState builds a fresh or restarted node, step routes one input to the
 * acceptor, proposer, reads, catch-up or learner handlers and returns the Ready they produced.
 */
import { assert } from '../util/assert';
import { createPrng } from '../util/prng';
import { onAccept, onChosen, onPrepare } from './acceptor';
import { backgroundCatchUp, onGetChosen, refreshBehind } from './catch-up';
import { checkCoreConfig } from './config';
import { checkRecordInvariants } from './invariants';
import { freshLearnerState, learnerTick, noteLearned, onKeyScan, onKeyScanReply } from './learner';
import { placeKey, roleOf } from './placement';
import { enrollRestored, notePendingEntry, tickPendingTimeouts } from './pending-timeouts';
import { headerOf, shrinkInstances } from './plog';
import { startRelearn } from './relearn';
import { onAcceptorReply, tickProposer } from './proposer';
import { onProbeReply, onReadProbe } from './reads';
import { beginStep, emit, finishStep, reply, type StepContext } from './ready';
import { driveQueue, enqueue, expireRequests, failExhausted, refusalIsDefinite, settleKey } from './requests';
import type {
  AcceptorReply,
  ClientRequest,
  CoreConfig,
  CoreInput,
  KeyRecord,
  NodeCounters,
  NodeState,
  PeerMessage,
  RelearnInput,
  StepResult,
} from './types';
import { validateClientRequest, validatePeerMessage, validateRelearn, type InputProblem } from './validate';

export interface NodeOptions {
  /**
   * Seeds the backoff jitter. Give each node (and each restart) its own seed: identical jitter would
   * let two dueling proposers collide round after round.
   */
  seed: number;
  /** Durable records of a restarting node; its volatile state starts empty. */
  records?: KeyRecord[];
  /** Start learner-only, as after a wiped disk. */
  learnerOnly?: boolean;
  nowMs?: number;
  /**
   * The first message sequence number. Message ids are `${self}:${seq}`; a shell that restarts a node
   * passes a number above any it used before (for example from a clock) to keep ids unique.
   */
  firstMessageSeq?: number;
}

/**
 * A fresh node, or one restarted from its durable records. Throws when the configuration is unusable,
 * and asserts every stored record, since a node must not start on state it cannot trust.
 */
export function createNodeState(config: CoreConfig, options: NodeOptions): NodeState {
  checkCoreConfig(config);
  const nowMs = options.nowMs ?? 0;
  const state: NodeState = {
    config,
    nowMs,
    prng: createPrng(options.seed),
    records: {},
    proposers: {},
    queues: {},
    behind: {},
    pendingTimeouts: {},
    relearning: {},
    learner: options.learnerOnly ? freshLearnerState() : null,
    fastFloor: {},
    nextMessageSeq: options.firstMessageSeq ?? 1,
    nextCatchUpAtMs: nowMs,
    counters: zeroNodeCounters(),
  };
  for (const stored of options.records ?? []) {
    const record = { ...stored, instances: shrinkInstances(stored.instances) };
    // The shell read it back and checked it (the agent's codec refuses a damaged record by name).
    const problem = checkRecordInvariants(record);
    assert(problem === null, () => `records["${stored.key}"]: ${problem}`);
    state.records[record.key] = record;
    state.fastFloor[record.key] = headerOf(record).maxIndex + 2;
    refreshBehind(state, record.key);
  }
  enrollRestored(state);
  return state;
}

function onReply(ctx: StepContext, reply: AcceptorReply): void {
  const proposer = ctx.state.proposers[reply.key];
  if (proposer && onAcceptorReply(ctx, reply) === 'exhausted') failExhausted(ctx, reply.key, proposer);
}

const learnerRefuses = new Set(['prepare', 'accept', 'fastAccept', 'readProbe', 'keyScan']);

function onMessage(ctx: StepContext, message: PeerMessage): void {
  if (ctx.state.learner && learnerRefuses.has(message.type)) {
    const reason =
      'learner-only: this node lost its disk and does not vote or report headers until it relearns';
    emit(ctx, { type: 'inputRejected', field: 'type', reason, peer: message.from });
    return;
  }
  switch (message.type) {
    case 'prepare':
      onPrepare(ctx, message);
      break;
    case 'accept':
    case 'fastAccept':
      onAccept(ctx, message);
      break;
    case 'promise':
    case 'accepted':
    case 'fastAccepted':
      onReply(ctx, message);
      break;
    case 'chosen':
      onChosen(ctx, message);
      noteLearned(ctx, message.key);
      break;
    case 'getChosen':
      onGetChosen(ctx, message);
      break;
    case 'readProbe':
      onReadProbe(ctx, message);
      break;
    case 'probeReply':
      onProbeReply(ctx, message);
      break;
    case 'keyScan':
      return onKeyScan(ctx, message);
    case 'keyScanReply':
      return onKeyScanReply(ctx, message);
  }
  settleKey(ctx, message.key);
}

function onClient(ctx: StepContext, request: ClientRequest): void {
  const { key } = request.operation;
  const { groups, self } = ctx.state.config;
  if (roleOf(groups, key, self) === null) {
    const replicas = placeKey(groups, key).replicas;
    const message = `this node does not hold "${key}"; its replicas are ${replicas.join(', ')}`;
    reply(ctx, key, {
      requestId: request.requestId,
      ok: false,
      code: 'NOT_REPLICA',
      message,
      replicas,
      definite: refusalIsDefinite(request),
    });
    return;
  }
  if (ctx.state.learner) {
    const message = 'this node lost its disk and serves no requests until it has relearned';
    reply(ctx, key, {
      requestId: request.requestId,
      ok: false,
      code: 'LEARNER_ONLY',
      message,
      definite: refusalIsDefinite(request),
    });
    return;
  }
  enqueue(ctx, request);
}

function onTick(ctx: StepContext, nowMs: number): void {
  const { state } = ctx;
  state.nowMs = Math.max(state.nowMs, nowMs);
  expireRequests(ctx);
  for (const [key, proposer] of Object.entries(state.proposers)) {
    if (tickProposer(ctx, key, proposer) === 'exhausted') failExhausted(ctx, key, proposer);
  }
  for (const key of Object.keys(state.queues)) driveQueue(ctx, key);
  tickPendingTimeouts(ctx);
  if (state.nowMs >= state.nextCatchUpAtMs) {
    learnerTick(ctx);
    backgroundCatchUp(ctx);
  }
}

function rejectInput(ctx: StepContext, input: unknown, found: InputProblem): void {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if (fields.kind === 'client') {
    const request = fields.request as Record<string, unknown> | undefined;
    const requestId = typeof request?.requestId === 'string' ? request.requestId : '';
    const operation = request?.operation as Record<string, unknown> | undefined;
    const key = typeof operation?.key === 'string' ? operation.key : '';
    const message = `${found.field}: ${found.reason}`;
    reply(ctx, key, {
      requestId,
      ok: false,
      code: 'INVALID_ARGUMENT',
      message,
      field: found.field,
      definite: true,
    });
    return;
  }
  const message = fields.message as Record<string, unknown> | undefined;
  const peer = typeof message?.from === 'string' ? message.from : undefined;
  emit(ctx, { type: 'inputRejected', field: found.field, reason: found.reason, ...(peer ? { peer } : {}) });
}

function validateInput(state: NodeState, input: unknown): InputProblem | null {
  if (typeof input !== 'object' || input === null) return { field: 'input', reason: 'must be an object' };
  const fields = input as Record<string, unknown>;
  switch (fields.kind) {
    case 'tick':
      return typeof fields.nowMs === 'number' && Number.isFinite(fields.nowMs) && fields.nowMs >= 0
        ? null
        : { field: 'nowMs', reason: 'must be a finite number of milliseconds >= 0' };
    case 'receive':
      return validatePeerMessage(fields.message, state.config);
    case 'client':
      return validateClientRequest(fields.request, state.config);
    case 'relearn':
      return validateRelearn(fields, state.config);
    default:
      return { field: 'kind', reason: 'must be tick, receive, client or relearn' };
  }
}

/**
 * Applies one input. Deterministic; may mutate and return the state it is given. Never throws on bad
 * input: it is refused whole (state untouched) with an inputRejected event or an INVALID_ARGUMENT reply.
 */
export function step(state: NodeState, input: CoreInput | RelearnInput): StepResult {
  const ctx = beginStep(state);
  const problem = validateInput(state, input);
  if (problem) {
    rejectInput(ctx, input, problem);
    return finishStep(ctx);
  }
  if (input.kind === 'tick') onTick(ctx, input.nowMs);
  else if (input.kind === 'receive') onMessage(ctx, input.message);
  else if (input.kind === 'relearn') startRelearn(ctx, input.key, input.index);
  else onClient(ctx, input.request);
  for (const key of ctx.persisted.keys()) {
    refreshBehind(state, key);
    notePendingEntry(ctx, key);
  }
  return finishStep(ctx);
}

/** A node's counters before it has done anything. */
export function zeroNodeCounters(): NodeCounters {
  return {
    proposals: 0,
    fastPathHits: 0,
    prepareRounds: 0,
    rejections: 0,
    catchUps: 0,
    readsLocal: 0,
    readsCatchUp: 0,
    readsRedo: 0,
    chosen: 0,
  };
}
