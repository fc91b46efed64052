/**
 * The acceptor side of PaxosKV: promises, accepts, fast accepts, learning chosen values, and answering
 * anyone who asks about an index this node has already moved past.
 */
import { ballotsEqual, compareBallots, maxBallot, NO_BALLOT, SEALED } from './ballot';
import { recordOf } from './key-replica';
import { freshInstance, headerOf, instanceAt, newestChosen, putInstance, sameEntry } from './plog';
import { emit, saveRecord, send, type StepContext } from './ready';
import { relearnChosen } from './relearn';
import type {
  AcceptMessage,
  Ballot,
  ChosenMessage,
  EntryValue,
  Instance,
  KeyRecord,
  NodeId,
  PrepareMessage,
} from './types';

/**
 * 'stale' when the node has moved past the index (it is chosen here, or a newer instance exists, which
 * only happens once the index was decided), 'current' for the newest pending instance, 'new' above it.
 */
export function classifyIndex(record: KeyRecord, index: number): 'stale' | 'current' | 'new' {
  const header = headerOf(record);
  if (index <= header.chosenIndex || index < header.maxIndex) return 'stale';
  return index === header.maxIndex ? 'current' : 'new';
}

/**
 * Whether this node still votes at `index`: it is new or current, or it is below the newest but the
 * record still holds it undecided (the slim shape [pending i with value, pending i+1]). A proposer
 * finishing i then needs this node's vote when the third replica cannot give one (down, or
 * relearning), and the durable state of i is intact, so voting there is ordinary Paxos.
 */
export function votesAt(record: KeyRecord, index: number): boolean {
  if (classifyIndex(record, index) !== 'stale') return true;
  const held = instanceAt(record, index);
  return held !== undefined && !held.chosen && index > headerOf(record).chosenIndex;
}

/** The instance at `index`, created empty when the index is above every instance of the record. */
function openInstance(record: KeyRecord, index: number): Instance {
  return instanceAt(record, index) ?? freshInstance(index);
}

/** Sends `to` the newest chosen entry of the key, if this node knows one. */
export function sendNewestChosen(ctx: StepContext, key: string, to: NodeId): void {
  const chosen = newestChosen(recordOf(ctx.state, key));
  if (!chosen || !chosen.value) return;
  send(ctx, {
    type: 'chosen',
    to,
    key,
    index: chosen.index,
    ballot: chosen.accepted ?? NO_BALLOT,
    value: chosen.value,
  });
}

function replyFromInstance(
  ctx: StepContext,
  message: PrepareMessage | AcceptMessage,
  instance: Instance,
  ok: boolean,
): void {
  const type =
    message.type === 'prepare' ? 'promise' : message.type === 'accept' ? 'accepted' : 'fastAccepted';
  send(ctx, {
    type,
    to: message.from,
    key: message.key,
    index: message.index,
    ballot: message.ballot,
    ok,
    promised: instance.promised,
    accepted: instance.accepted,
    value: instance.value,
  });
}

function refuse(ctx: StepContext, message: PrepareMessage | AcceptMessage, instance: Instance): void {
  ctx.state.counters.rejections += 1;
  emit(ctx, {
    type: 'rejected',
    key: message.key,
    index: message.index,
    ballot: message.ballot,
    by: maxBallot(instance.promised, instance.accepted),
    what: message.type,
  });
  replyFromInstance(ctx, message, instance, false);
}

/** Phase 1b: promise iff nothing higher was promised; an equal ballot re-promises (duplicates). */
export function onPrepare(ctx: StepContext, message: PrepareMessage): void {
  const record = recordOf(ctx.state, message.key);
  if (!votesAt(record, message.index)) return sendNewestChosen(ctx, message.key, message.from);
  const instance = openInstance(record, message.index);
  if (compareBallots(instance.promised, message.ballot) > 0) return refuse(ctx, message, instance);
  const promised = { ...instance, promised: message.ballot };
  if (!ballotsEqual(instance.promised, message.ballot) || !instanceAt(record, message.index)) {
    saveRecord(ctx, putInstance(record, promised, ctx.state.config.recentChosenMax), true);
  }
  emit(ctx, {
    type: 'promised',
    key: message.key,
    index: message.index,
    ballot: message.ballot,
    peer: message.from,
  });
  replyFromInstance(ctx, message, promised, true);
}

/**
 * Phase 2b, slow or fast. Both need promised <= ballot; a fast accept also needs that nothing was
 * accepted at the index. The same ballot with the same value again is a duplicate and is granted
 * without a write; the same ballot with another value can only come from a node that lost its disk
 * and reused a ballot, and is refused so that one ballot never carries two values.
 */
export function onAccept(ctx: StepContext, message: AcceptMessage): void {
  const record = recordOf(ctx.state, message.key);
  if (!votesAt(record, message.index)) return sendNewestChosen(ctx, message.key, message.from);
  const instance = openInstance(record, message.index);
  const sameBallot = ballotsEqual(instance.accepted, message.ballot);
  const duplicate = sameBallot && sameEntry(instance.value, message.value);
  const fastBlocked = message.type === 'fastAccept' && instance.accepted !== null && !duplicate;
  const outranked = compareBallots(instance.promised, message.ballot) > 0;
  if (outranked || fastBlocked || (sameBallot && !duplicate)) return refuse(ctx, message, instance);
  const accepted = duplicate
    ? instance
    : { ...instance, promised: message.ballot, accepted: message.ballot, value: message.value };
  if (!duplicate) saveRecord(ctx, putInstance(record, accepted, ctx.state.config.recentChosenMax), true);
  emit(ctx, {
    type: 'acceptedValue',
    key: message.key,
    index: message.index,
    ballot: message.ballot,
    requestId: message.value.requestId,
  });
  replyFromInstance(ctx, message, accepted, true);
}

/**
 * Records `value` as chosen at `index` and reports whether the record learned something. The entry
 * just below a lone pending instance is welcome (it completes the slim shape [chosen i, pending i+1]);
 * an older index the node does not hold is ignored, since the newer instance already moved past it.
 */
export function learnChosen(
  ctx: StepContext,
  key: string,
  index: number,
  ballot: Ballot,
  value: EntryValue,
  from: NodeId,
): boolean {
  const record = recordOf(ctx.state, key);
  const before = headerOf(record);
  const existing = instanceAt(record, index);
  if (existing?.chosen || (!existing && index < before.maxIndex - 1)) return false;
  // Below maxIndex the node may have held this index and dropped it with its promise; it never votes
  // there again, and the sealed promise says so without seeming to lower what it promised before.
  let promised = ballot;
  if (existing) promised = maxBallot(existing.promised, ballot);
  else if (index < before.maxIndex) promised = SEALED;
  const chosen: Instance = { index, promised, accepted: ballot, value, chosen: true };
  saveRecord(ctx, putInstance(record, chosen, ctx.state.config.recentChosenMax), false);
  ctx.state.counters.chosen += 1;
  emit(ctx, { type: 'chosen', key, index, ballot, requestId: value.requestId, version: value.version });
  if (index > before.chosenIndex + 1 || !existing) {
    ctx.state.counters.catchUps += 1;
    emit(ctx, { type: 'catchUp', key, index, fromIndex: before.chosenIndex, peer: from });
  }
  return true;
}

export function onChosen(ctx: StepContext, message: ChosenMessage): void {
  if (relearnChosen(ctx, message)) return;
  learnChosen(ctx, message.key, message.index, message.ballot, message.value, message.from);
}
