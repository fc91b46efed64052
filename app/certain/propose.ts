/**
 * This node as a proposer. It writes only at max_chosen_entry + 1, once its DB has applied everything
 * chosen below (so the write follows the state every replica agrees on). When its own proposal won the
 * previous entry it holds the pre-authorised ballot there and accepts at once: one round trip. Otherwise
 * it raises its promise to a ballot of its own (the prepare), and once a majority's records promise
 * that ballot it accepts the highest accepted value it can see, or its client's command. A beaten
 * proposal tries a higher ballot after a jittered backoff; a lost entry moves the request on to the
 * next one, up to timing.roundsMax entries.
 */
import { nextInt } from '../util/prng';
import { nextBallot, preAuthBallot } from './ballot';
import { answerIfApplied, commandOf, dropPending } from './clients';
import {
  answer,
  emit,
  holdsEntry,
  majority,
  ownRecord,
  peersOf,
  saveEntry,
  sendEntry,
  viewOf,
  viewsAt,
  type Step,
} from './context';
import { hasMajorityPromise, isBeaten, isChosenByViews, valueToAccept } from './exchange';
import { copySnapshot, isEmptyEntry } from './record';
import { describeCommand } from '../multipaxos/record';
import type { Command, EntityState, EntryRecord } from './types';

/**
 * Pre-authorised at `entry`: the value chosen at the entry before came from this node (entry 1: role A).
 * The chosen value is one, so exactly one replica holds the band's ballot at an entry. (Not the chosen
 * ballot's owner: nodes may see one value chosen at different ballots, so two could claim the band.)
 */
function isPreAuthorised(step: Step, entity: EntityState, entry: number): boolean {
  if (entry === 1) return entity.selfId === 0;
  const previous = entity.plog[entry - 1];
  return (
    previous?.chosen === true &&
    previous.value?.kind === 'client' &&
    previous.value.origin === step.state.config.self
  );
}

/** The entries at or below `db.learnedFloor` were open when this node relearned: it does not vote there. */
export function mayVote(entity: EntityState, entry: number): boolean {
  return entry > entity.db.learnedFloor;
}

function retryDelay(step: Step, rounds: number): number {
  const { timing } = step.state.config;
  const cap = Math.min(timing.backoffMaxMs, timing.backoffBaseMs * 2 ** Math.min(rounds, 10));
  return timing.roundTimeoutMs + nextInt(step.state.prng, 0, cap);
}

/** Starts (or, with a higher ballot, restarts) this node's proposal at `entry`. */
function propose(
  step: Step,
  entity: EntityState,
  entry: number,
  command: Command | null,
  rounds: number,
): void {
  const own = ownRecord(entity, entry);
  const n = entity.replicas.length;
  const fast =
    isPreAuthorised(step, entity, entry) && isEmptyEntry(own) && command !== null && mayVote(entity, entry);
  let ballot: number;
  let record: EntryRecord;
  if (fast) {
    ballot = preAuthBallot(entity.selfId);
    record = { prepared: ballot, promised: ballot, accepted: ballot, value: command, chosen: false };
  } else {
    const seen = Math.max(own.promised, ...viewsAt(entity, entry).map((view) => view.promised));
    ballot = nextBallot(seen, entity.selfId, n);
    record = { ...own, prepared: ballot, promised: ballot };
  }
  saveEntry(step, entity, entry, record);
  entity.proposal = {
    entry,
    ballot,
    fast,
    command,
    rounds,
    retryAtMs: step.state.nowMs + retryDelay(step, rounds),
  };
  const requestId = command?.kind === 'client' ? command.requestId : null;
  emit(step, { type: 'proposed', key: entity.key, entry, ballot, fast, requestId });
  if (fast)
    emit(step, {
      type: 'accepted',
      key: entity.key,
      entry,
      ballot,
      command: describeCommand(command!),
      peer: null,
    });
  for (const peer of peersOf(step, entity)) sendEntry(step, entity, entry, peer);
}

/**
 * After this node's record or views at `entry` changed: chosen once a majority holds its accepted
 * ballot; accepted once its proposal has a majority promise. Returns the peers that must hear the new
 * record (every peer on accept; every peer not known to hold it chosen on chosen).
 */
export function evaluate(step: Step, entity: EntityState, entry: number): string[] {
  let own = ownRecord(entity, entry);
  const views = viewsAt(entity, entry);
  const quorum = majority(entity);
  const proposal = entity.proposal?.entry === entry ? entity.proposal : null;
  if (proposal && hasMajorityPromise(own, views, quorum, mayVote(entity, entry))) {
    const value = valueToAccept(own, views, proposal.command);
    if (value === null) {
      // Nothing to propose any more (its request left): leave the entry to the next proposer.
      entity.proposal = null;
    } else {
      own = { ...own, accepted: own.prepared, value };
      saveEntry(step, entity, entry, own);
      emit(step, {
        type: 'accepted',
        key: entity.key,
        entry,
        ballot: own.accepted,
        command: describeCommand(value),
        peer: null,
      });
      if (!isChosenByViews(own, views, quorum)) return peersOf(step, entity);
    }
  }
  if (!own.chosen && isChosenByViews(own, views, quorum)) {
    own = { ...own, chosen: true };
    saveEntry(step, entity, entry, own);
    markChosen(step, entity, entry);
    return peersOf(step, entity).filter((peer) => !viewOf(entity, entry, peer).chosen);
  }
  return [];
}

/** Notes an entry this node now holds chosen: it advances max_chosen_entry and waits for the DB apply. */
export function markChosen(step: Step, entity: EntityState, entry: number): void {
  const own = ownRecord(entity, entry);
  emit(step, {
    type: 'chosen',
    key: entity.key,
    entry,
    ballot: own.accepted,
    command: describeCommand(own.value!),
  });
  entity.maxChosen = Math.max(entity.maxChosen, entry);
  if (entity.proposal?.entry === entry) entity.proposal = null;
  if (entry === entity.db.committed + 1) step.state.applyDue[entity.key] ??= 'apply';
}

/** True when a peer's record (as last heard) does not yet reflect this node's proposal: it needs it again. */
function lacks(peer: EntryRecord, own: EntryRecord): boolean {
  if (own.chosen) return !peer.chosen;
  if (own.accepted > 0 && own.accepted === own.prepared) return peer.accepted < own.accepted;
  return peer.promised < own.prepared;
}

/** Starts the head request's proposal when the entity is ready for it; answers what it can at once. */
export function drive(step: Step, entity: EntityState): void {
  const { state } = step;
  if (entity.relearning || entity.db.committed < entity.maxChosen) return;
  const entry = entity.maxChosen + 1;
  const proposal = entity.proposal;
  if (proposal && proposal.entry >= entry) {
    // A proposal whose request left may carry the next request instead: a ballot is not tied to a value.
    const head = entity.queue[0];
    if (proposal.command === null && !proposal.fast && head) {
      proposal.command = commandOf(step, head);
      head.proposedAt = proposal.entry;
    }
    return;
  }
  entity.proposal = null;
  for (let head = entity.queue[0]; head; head = entity.queue[0]) {
    if (answerIfApplied(step, entity, head.request)) {
      dropPending(step, entity, head);
      continue;
    }
    if (head.entriesLost >= state.config.timing.roundsMax) {
      dropPending(step, entity, head);
      const message = `other values won ${head.entriesLost} entries in a row`;
      const { requestId } = head.request;
      answer(step, entity.key, { requestId, ok: false, code: 'PREEMPTED', message, definite: false });
      continue;
    }
    if (head.proposedAt !== undefined && head.proposedAt < entry) head.entriesLost += 1;
    head.proposedAt = entry;
    propose(step, entity, entry, commandOf(step, head), 0);
    return;
  }
}

/**
 * A relearning replica waits for `entry` to be chosen: the holder of its chosen record sends it (a
 * replica that trimmed it, its DB row); one whose DB applied the entry before proposes there, finishing
 * whatever was accepted or else a no-op.
 */
export function finishEntry(step: Step, entity: EntityState, entry: number, learner: string): void {
  if (entry <= entity.db.trimmed)
    return sendEntry(step, entity, entry, learner, null, copySnapshot(entity.db));
  if (ownRecord(entity, entry).chosen) return sendEntry(step, entity, entry, learner);
  // The entry before is applied here, so the entry exists; a proposal there is plain Paxos, which
  // finishes a value some majority may have accepted (even one nobody knows chosen yet).
  const ready = entity.db.committed === entry - 1 && holdsEntry(entity, entry);
  if (!ready || entity.proposal || !mayVote(entity, entry)) return;
  const noop: Command = { kind: 'noop', tag: `${step.state.config.self}:${step.state.nextMessageSeq}` };
  propose(step, entity, entry, noop, 0);
}

/** The proposer's timer: resend to peers that have not answered, or after a beaten round, a higher ballot. */
export function proposerTick(step: Step, entity: EntityState): void {
  const proposal = entity.proposal;
  if (!proposal || step.state.nowMs < proposal.retryAtMs) return;
  const { entry, ballot } = proposal;
  if (entry <= entity.maxChosen && entity.plog[entry]?.chosen) {
    entity.proposal = null;
    return;
  }
  const own = ownRecord(entity, entry);
  if (isBeaten(own, viewsAt(entity, entry), ballot) || (proposal.fast && own.accepted !== ballot)) {
    if (proposal.command === null) {
      entity.proposal = null;
      return;
    }
    propose(step, entity, entry, proposal.command, proposal.rounds + 1);
    return;
  }
  proposal.retryAtMs = step.state.nowMs + retryDelay(step, proposal.rounds);
  for (const peer of peersOf(step, entity)) {
    if (lacks(viewOf(entity, entry, peer), own)) sendEntry(step, entity, entry, peer);
  }
}
