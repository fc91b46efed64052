/**
 * An object's slot log as a learner sees it: marking slots chosen, applying chosen slots in order to the
 * state machine, and catching up slots this node missed. A node learns a slot is chosen only from an
 * entry some node sends flagged chosen, never by inference from a commit point: a leader deposed by a
 * steal can know a slot chosen in a higher ballot while this node still holds its own losing proposal
 * there. A commit point only tells the node that it is behind, and it fetches the missing slots.
 */
import { catchUpBatchMax, timersOf } from '../multipaxos/timing';
import { describeCommand } from '../multipaxos/record';
import { applyCommand, versionAfter } from '../multipaxos/state-machine';
import type { NodeId } from '../paxos/types';
import { assert } from '../util/assert';
import { settleRequest } from './clients';
import { emit, groupOf, saveSlot, send, type Step } from './context';
import { zoneOf } from './grid';
import { finishRelearning } from './learner';
import { noteOrigin } from './policy';
import { copySnapshot } from './record';
import { installSnapshot, roomFor, snapshotIfDue } from './snapshot';
import { tryReconcile } from './steal';
import type {
  ApplyResult,
  CatchUpMessage,
  CatchUpReplyMessage,
  CommitMessage,
  ObjectState,
  SlotEntry,
  WPaxosNodeState,
} from './types';

/** Every entry above `slot`, lowest slot first. */
export function reportAbove(object: ObjectState, slot: number): SlotEntry[] {
  const entries: SlotEntry[] = [];
  for (let at = Math.max(slot, object.logBase) + 1; at <= object.maxSlot; at++) {
    const entry = object.log[at];
    if (entry) entries.push(entry);
  }
  return entries;
}

/** Chosen entries from `fromSlot` on, contiguous, at most `max`. */
export function chosenFrom(object: ObjectState, fromSlot: number, max = catchUpBatchMax): SlotEntry[] {
  const entries: SlotEntry[] = [];
  for (let slot = fromSlot; entries.length < max && object.log[slot]?.chosen; slot++) {
    entries.push(object.log[slot]!);
  }
  return entries;
}

/**
 * Records that `entry` is chosen at its slot (written lazily: a Q2 already holds it durably). `q2` is the
 * leader's own count (the zones and members whose accepts made the Q2); absent when learned from a peer.
 */
export function markChosen(
  step: Step,
  object: ObjectState,
  entry: SlotEntry,
  q2: { zones: number[]; acks: NodeId[] } = { zones: [], acks: [] },
): void {
  const existing = object.log[entry.slot];
  if (existing?.chosen) {
    // Two commands chosen at one slot would be a broken protocol, never bad input: stop here.
    assert(existing.command.tag === entry.command.tag, () => {
      return `${object.key} slot ${entry.slot} chosen as ${existing.command.tag} and as ${entry.command.tag}`;
    });
    return;
  }
  const same = existing && existing.command.tag === entry.command.tag;
  const ballot = same ? Math.max(existing.ballot, entry.ballot) : entry.ballot;
  saveSlot(step, object, { ...entry, ballot, chosen: true }, false);
  const { slot, command } = entry;
  const summary = describeCommand(command);
  emit(step, {
    type: 'slotChosen',
    key: object.key,
    slot,
    ballot,
    tag: command.tag,
    command: summary,
    q2Zones: q2.zones,
    acks: [...q2.acks],
  });
}

/**
 * Applies the chosen slot right above the commit point to the state machine and notes its origin's zone
 * in the locality window; null when that slot is not known chosen yet.
 */
export function applyNextChosen(
  state: WPaxosNodeState,
  object: ObjectState,
): { next: SlotEntry; result: ApplyResult } | null {
  const next = object.log[object.commitPoint + 1];
  if (!next?.chosen) return null;
  object.commitPoint = next.slot;
  const result = applyCommand(state.kv, next.command, next.slot, state.config.dedupWindow);
  const group = groupOf(state, object);
  const { command } = next;
  if (command.kind === 'client' && group.members.includes(command.origin)) {
    noteOrigin(object, zoneOf(group, command.origin));
  }
  return { next, result };
}

/** Applies every chosen slot right above the commit point, in order, and answers waiting clients. */
export function advanceCommit(step: Step, object: ObjectState): void {
  for (
    let applied = applyNextChosen(step.state, object);
    applied;
    applied = applyNextChosen(step.state, object)
  ) {
    const { next, result } = applied;
    const { command } = next;
    const client = command.kind === 'client' ? command : null;
    emit(step, {
      type: 'slotApplied',
      key: object.key,
      slot: next.slot,
      tag: command.tag,
      requestId: client?.requestId ?? null,
      result: result.kind,
      version: versionAfter(result),
    });
    if (client) {
      if (object.lead) delete object.lead.proposedAttempts[client.attempt];
      settleRequest(step, client, next.slot, result);
    }
  }
  snapshotIfDue(step, object);
}

/** A peer's commit point above this node's: fetch the chosen slots in between. */
export function learnCommit(step: Step, object: ObjectState, commitPoint: number, from: string): void {
  if (commitPoint > object.commitPoint) requestCatchUp(step, object, from, false);
}

/** Asks `from` for the chosen slots after the commit point; at most one request per resend interval. */
export function requestCatchUp(step: Step, object: ObjectState, from: string, now: boolean): void {
  const { nowMs } = step.state;
  if (!now && nowMs < object.catchUpAtMs) return;
  object.catchUpAtMs = nowMs + timersOf(step.state.config).resendMs;
  send(step, object, from, { type: 'catchUp', fromSlot: object.commitPoint + 1 });
}

/** Adopts chosen entries from a peer and applies what became contiguous; says what was caught up. */
export function learnChosen(
  step: Step,
  object: ObjectState,
  entries: readonly SlotEntry[],
  from: string,
): void {
  const before = object.commitPoint;
  for (const entry of entries) {
    // A slot beyond the ring is learned again later, once this node caught up to it.
    if (entry.slot > object.commitPoint && roomFor(step, object, entry.slot)) {
      markChosen(step, object, { ...entry, chosen: true });
    }
  }
  advanceCommit(step, object);
  if (from !== '' && object.commitPoint > before) {
    const fromSlot = before + 1;
    emit(step, { type: 'catchUp', key: object.key, fromSlot, toSlot: object.commitPoint, peer: from });
  }
}

/** The leader's commit: adopt its chosen slots, learn its commit point, ask for what is still missing. */
export function onCommit(step: Step, object: ObjectState, message: CommitMessage): void {
  if (message.ballotNumber >= object.leaderBallot) {
    object.leaderBallot = message.ballotNumber;
    object.leaderHeardAtMs = step.state.nowMs;
  }
  learnChosen(step, object, message.entries, '');
  learnCommit(step, object, message.commitPoint, message.from);
}

export function onCatchUp(step: Step, object: ObjectState, message: CatchUpMessage): void {
  // A node relearning this object has nothing trustworthy to report about it.
  if (!object.relearned) return;
  // Slots this node dropped are in its snapshot: the asker takes that, then the slots after it.
  const snapshot = message.fromSlot <= object.logBase ? object.snapshot : null;
  const entries = chosenFrom(object, snapshot ? snapshot.slot + 1 : message.fromSlot);
  const { commitPoint, promised } = object;
  send(step, object, message.from, {
    type: 'catchUpReply',
    snapshot: snapshot && copySnapshot(snapshot),
    entries,
    commitPoint,
    promised,
  });
}

export function onCatchUpReply(step: Step, object: ObjectState, message: CatchUpReplyMessage): void {
  if (!object.relearned) finishRelearning(step, object, message);
  const before = object.commitPoint;
  if (message.snapshot && message.snapshot.slot > object.commitPoint) {
    installSnapshot(step, object, message.snapshot, message.from);
  }
  learnChosen(step, object, message.entries, message.from);
  if (object.commitPoint < message.commitPoint && object.commitPoint > before) {
    requestCatchUp(step, object, message.from, true);
  }
  // A thief waiting to catch up past its Q1's log bases may reconcile now.
  if (object.lead?.phase === 'stealing') tryReconcile(step, object);
}
