/**
 * The proposer side: one proposal per key at a time, fast (counter 0, owner only) or through prepare,
 * with the own vote implicit, jittered exponential backoff between rounds and a bounded number of
 * rounds. Proposals never touch the request queue; they report how a round ended and the caller acts.
 */
import { nextFloat } from '../util/prng';
import { learnChosen, votesAt } from './acceptor';
import { ballotAbove, ballotsEqual, compareBallots, fastBallot, maxBallot, NO_BALLOT } from './ballot';
import { keyPeers, recordOf, selfRole } from './key-replica';
import { freshInstance, instanceAt, putInstance } from './plog';
import { quorumOutcome } from './quorum';
import { emit, saveRecord, send, sendBeforePersist, type OutgoingMessage, type StepContext } from './ready';
import type { AcceptorReply, EntryValue, Instance, PendingRequest, ProposerState, RoundLoss } from './types';

/** Replicas per key; the quorum code is generic, PaxosKV places every key on three. */
const replicaCount = 3;

/** How a proposal stands after an input: still running, chosen, or out of rounds. */
export type ProposalStatus = 'running' | 'chosen' | 'exhausted';

export interface ProposalPlan {
  index: number;
  value: EntryValue;
  /** The client request the proposal serves; null for a read's redo. */
  requestId: string | null;
  /** Whether the fast band may be tried (a redo always prepares). */
  allowFast: boolean;
}

/**
 * True when `proposer` works for the queue head: its own write, or the redo its read (or confirming
 * CAS) waits on. A redo a peer's catch-up started may run while a head waits for something else.
 */
export function servesHead(head: PendingRequest | undefined, proposer: ProposerState): boolean {
  if (head?.stage === 'redoing') return proposer.requestId === null;
  return head?.stage === 'proposing' && proposer.requestId === head.request.requestId;
}

function served(ctx: StepContext, key: string): PendingRequest | undefined {
  const head = ctx.state.queues[key]?.[0];
  const proposer = ctx.state.proposers[key];
  return head && proposer && servesHead(head, proposer) ? head : undefined;
}

function sendToPeers(ctx: StepContext, key: string, message: OutgoingMessage): void {
  for (const to of keyPeers(ctx.state, key)) send(ctx, message, to);
}

/**
 * True when this node may skip phase 1: it owns the value chosen just below, has not voted here, and
 * the index is at or above the key's fast floor, so no earlier life of this node can have sent a
 * fastAccept here whose own vote the crash lost (NodeState.fastFloor).
 */
function mayUseFastBand(ctx: StepContext, key: string, plan: ProposalPlan): boolean {
  const record = recordOf(ctx.state, key);
  const previous = instanceAt(record, plan.index - 1);
  const local = instanceAt(record, plan.index) ?? freshInstance(plan.index);
  return (
    ctx.state.config.fastPath &&
    plan.allowFast &&
    plan.index >= (ctx.state.fastFloor[key] ?? 0) &&
    previous?.chosen === true &&
    previous.value?.owner === ctx.state.config.self &&
    local.accepted === null &&
    compareBallots(local.promised, fastBallot(selfRole(ctx.state, key))) <= 0
  );
}

export function startProposal(ctx: StepContext, key: string, plan: ProposalPlan, round: number): void {
  const proposer: ProposerState = {
    phase: 'idle',
    index: plan.index,
    ballot: NO_BALLOT,
    value: plan.value,
    requestId: plan.requestId,
    grants: [],
    refusals: [],
    highestAccepted: null,
    highestSeen: NO_BALLOT,
    round,
    roundDeadlineMs: 0,
    retryAtMs: 0,
  };
  ctx.state.proposers[key] = proposer;
  if (mayUseFastBand(ctx, key, plan)) beginFastRound(ctx, key, proposer);
  else beginPrepareRound(ctx, key, proposer);
}

function beginRound(ctx: StepContext, key: string, proposer: ProposerState, phase: ProposerState['phase']) {
  Object.assign(proposer, {
    phase,
    grants: [],
    refusals: [],
    roundDeadlineMs: ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs,
    retryAtMs: 0,
  });
  const request = served(ctx, key);
  if (request) request.roundsUsed = proposer.round;
  ctx.state.counters.proposals += 1;
  emit(ctx, {
    type: 'proposalStarted',
    key,
    index: proposer.index,
    ballot: proposer.ballot,
    requestId: proposer.requestId ?? '',
    fast: phase === 'fastAccepting',
  });
}

/**
 * Accepts the proposal's value locally (the implicit own vote), persisted synced in this step: before
 * any accept leaves, while a fastAccept may leave beside it (beginFastRound).
 */
function acceptLocally(ctx: StepContext, key: string, proposer: ProposerState): void {
  const record = recordOf(ctx.state, key);
  const local = instanceAt(record, proposer.index) ?? freshInstance(proposer.index);
  // Written out, not `{ ...local, promised, ... }`: a spread followed by fields is slow in Node 20 (ready.ts).
  const accepted: Instance = {
    index: local.index,
    promised: proposer.ballot,
    accepted: proposer.ballot,
    value: proposer.value,
    chosen: local.chosen,
  };
  saveRecord(ctx, putInstance(record, accepted, ctx.state.config.recentChosenMax), true);
  emit(ctx, {
    type: 'acceptedValue',
    key,
    index: proposer.index,
    ballot: proposer.ballot,
    requestId: proposer.value?.requestId ?? '',
  });
  const request = served(ctx, key);
  if (request && proposer.requestId !== null && proposer.value?.requestId === proposer.requestId) {
    request.exposed = true;
  }
}

function beginFastRound(ctx: StepContext, key: string, proposer: ProposerState): void {
  proposer.ballot = fastBallot(selfRole(ctx.state, key));
  beginRound(ctx, key, proposer, 'fastAccepting');
  acceptLocally(ctx, key, proposer);
  const { index, ballot, value } = proposer;
  if (!value) return;
  // The own vote above is written in this step's persist; the fastAccepts need not wait for it.
  const message: OutgoingMessage = { type: 'fastAccept', to: '', key, index, ballot, value };
  for (const to of keyPeers(ctx.state, key)) sendBeforePersist(ctx, message, to);
}

/** Phase 1a with a ballot above everything seen; the own promise is persisted before the sends. */
export function beginPrepareRound(ctx: StepContext, key: string, proposer: ProposerState): ProposalStatus {
  const record = recordOf(ctx.state, key);
  if (!votesAt(record, proposer.index)) {
    // The index was decided while this proposer waited; the request learns the outcome from the record.
    delete ctx.state.proposers[key];
    return 'running';
  }
  const local = instanceAt(record, proposer.index) ?? freshInstance(proposer.index);
  const seen = maxBallot(maxBallot(proposer.highestSeen, local.promised), local.accepted);
  proposer.ballot = ballotAbove(seen, selfRole(ctx.state, key));
  proposer.highestAccepted =
    local.accepted && local.value ? { ballot: local.accepted, value: local.value } : null;
  saveRecord(
    ctx,
    putInstance(
      record,
      {
        index: local.index,
        promised: proposer.ballot,
        accepted: local.accepted,
        value: local.value,
        chosen: local.chosen,
      },
      ctx.state.config.recentChosenMax,
    ),
    true,
  );
  beginRound(ctx, key, proposer, 'preparing');
  ctx.state.counters.prepareRounds += 1;
  sendToPeers(ctx, key, { type: 'prepare', to: '', key, index: proposer.index, ballot: proposer.ballot });
  return 'running';
}

/** Phase 2a: the highest accepted value among the promises (own included), else the own value. */
function beginAcceptPhase(ctx: StepContext, key: string, proposer: ProposerState): ProposalStatus {
  const local = instanceAt(recordOf(ctx.state, key), proposer.index);
  if (!local || compareBallots(local.promised, proposer.ballot) > 0) {
    return roundLost(ctx, key, proposer, 'refused');
  }
  proposer.value = proposer.highestAccepted?.value ?? proposer.value;
  Object.assign(proposer, {
    phase: 'accepting',
    grants: [],
    refusals: [],
    roundDeadlineMs: ctx.state.nowMs + ctx.state.config.timing.roundTimeoutMs,
  });
  acceptLocally(ctx, key, proposer);
  const { index, ballot, value } = proposer;
  if (value) sendToPeers(ctx, key, { type: 'accept', to: '', key, index, ballot, value });
  return 'running';
}

function becomeChosen(ctx: StepContext, key: string, proposer: ProposerState): ProposalStatus {
  const request = served(ctx, key);
  const fast = proposer.phase === 'fastAccepting';
  if (fast) ctx.state.counters.fastPathHits += 1;
  if (request) request.path = fast ? 'fast' : 'prepare';
  delete ctx.state.proposers[key];
  const { index, ballot, value } = proposer;
  if (!value) return 'chosen';
  learnChosen(ctx, key, index, ballot, value, ctx.state.config.self);
  sendToPeers(ctx, key, { type: 'chosen', to: '', key, index, ballot, value });
  return 'chosen';
}

/** A refused or timed-out round: back off with jitter, or give up when the rounds are spent. */
export function roundLost(
  ctx: StepContext,
  key: string,
  proposer: ProposerState,
  cause: RoundLoss,
): ProposalStatus {
  const { timing } = ctx.state.config;
  if (proposer.round >= timing.roundsMax) {
    delete ctx.state.proposers[key];
    return 'exhausted';
  }
  const ceiling = Math.min(timing.backoffBaseMs * 2 ** proposer.round, timing.backoffMaxMs);
  const delayMs = Math.max(1, Math.round(ceiling * (0.5 + nextFloat(ctx.state.prng))));
  Object.assign(proposer, { phase: 'idle', retryAtMs: ctx.state.nowMs + delayMs });
  emit(ctx, {
    type: 'backoff',
    key,
    index: proposer.index,
    round: proposer.round,
    untilMs: proposer.retryAtMs,
    cause,
  });
  return 'running';
}

const phaseOfReply = { promise: 'preparing', accepted: 'accepting', fastAccepted: 'fastAccepting' } as const;

/** Counts a promise or accept reply toward the current round; replies to other ballots are ignored. */
export function onAcceptorReply(ctx: StepContext, reply: AcceptorReply): ProposalStatus {
  const proposer = ctx.state.proposers[reply.key];
  if (
    !proposer ||
    proposer.phase !== phaseOfReply[reply.type] ||
    proposer.index !== reply.index ||
    !ballotsEqual(proposer.ballot, reply.ballot) ||
    proposer.grants.includes(reply.from) ||
    proposer.refusals.includes(reply.from)
  ) {
    return 'running';
  }
  proposer.highestSeen = maxBallot(maxBallot(proposer.highestSeen, reply.promised), reply.accepted);
  if (reply.ok) proposer.grants.push(reply.from);
  else proposer.refusals.push(reply.from);
  const request = served(ctx, reply.key);
  if (request && !reply.ok) request.contested = true;
  const best = proposer.highestAccepted;
  if (
    reply.ok &&
    reply.accepted &&
    reply.value &&
    (!best || compareBallots(reply.accepted, best.ballot) > 0)
  ) {
    proposer.highestAccepted = { ballot: reply.accepted, value: reply.value };
  }
  const outcome = quorumOutcome(replicaCount, proposer.grants.length + 1, proposer.refusals.length);
  if (outcome === 'lost') return roundLost(ctx, reply.key, proposer, 'refused');
  if (outcome === 'pending') return 'running';
  if (request) request.quorumReached = true;
  return proposer.phase === 'preparing'
    ? beginAcceptPhase(ctx, reply.key, proposer)
    : becomeChosen(ctx, reply.key, proposer);
}

/** Round timeouts and backoff expiry, driven by ticks. */
export function tickProposer(ctx: StepContext, key: string, proposer: ProposerState): ProposalStatus {
  const now = ctx.state.nowMs;
  if (proposer.phase !== 'idle' && now >= proposer.roundDeadlineMs) {
    return roundLost(ctx, key, proposer, 'timedOut');
  }
  if (proposer.phase === 'idle' && proposer.retryAtMs > 0 && now >= proposer.retryAtMs) {
    proposer.round += 1;
    return beginPrepareRound(ctx, key, proposer);
  }
  return 'running';
}
