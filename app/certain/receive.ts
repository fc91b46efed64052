/**
 * Receiving the one message kind (reference §3b). The receiver keeps the sender's record as its view of
 * the sender, adopts what is newer in it (a higher promise, an accepted value nobody promised past, a
 * chosen value), works out from its views whether the entry is now chosen or its own proposal has a
 * majority promise, persists, and answers only when its own record changed or the sender's view of it
 * is stale. No acknowledgements: an answer is just the receiver's newer state. Before any of that, a
 * message from an earlier life of the sender (before its disk was wiped) is ignored (learner.ts), and
 * one about an entry the receiver trimmed is answered with a snapshot, never adopted (trim.ts).
 */
import { ballotOwner } from './ballot';
import { emit, holdsEntry, ownRecord, saveEntry, sendEntry, viewOf, type Step } from './context';
import { adoptPeer } from './exchange';
import { fenced, finishRelearning, knowsFloor, onLearn } from './learner';
import { answerTrimmed, installSnapshot } from './trim';
import { evaluate, markChosen, mayVote } from './propose';
import { copyEntry, isNewer } from './record';
import type { EntityState, EntryStateMessage } from './types';
import { describeCommand } from '../multipaxos/record';

export function onEntryState(step: Step, entity: EntityState, message: EntryStateMessage): void {
  if (message.learn) return onLearn(step, entity, message);
  // Before the others reported, it may have forgotten promises anywhere: it neither votes nor answers.
  if (!knowsFloor(entity)) return;
  const { entry, from } = message;
  const fence = entity.db.fences[from] ?? 0;
  if (message.incarnation < fence) return fenced(step, entity, message, fence);
  entity.maxChosen = Math.max(entity.maxChosen, message.maxChosen);
  if (message.snapshot && installSnapshot(step, entity, message.snapshot, from)) {
    finishRelearning(step, entity);
  }
  if (entry <= entity.db.trimmed) return answerTrimmed(step, entity, message);
  // Only an entry whose predecessor is chosen exists (a sender proposes at its max chosen + 1); one
  // beyond the PLog ring waits until this node's DB has caught up (the sender sends it again).
  if (entry > entity.maxChosen + 1 || !holdsEntry(entity, entry)) return;
  if (isNewer(message.record, viewOf(entity, entry, from))) {
    (entity.views[entry] ??= {})[from] = copyEntry(message.record);
  }
  const before = ownRecord(entity, entry);
  const after = adoptPeer(before, message.record, mayVote(entity, entry));
  const notify = new Set<string>();
  if (after !== before) {
    saveEntry(step, entity, entry, copyEntry(after));
    noteAdopted(step, entity, entry, before);
    notify.add(from);
  }
  for (const peer of evaluate(step, entity, entry)) notify.add(peer);
  if (isNewer(ownRecord(entity, entry), message.view)) notify.add(from);
  // A sender holding the entry chosen has nothing left to learn about it from this node.
  if (message.record.chosen) notify.delete(from);
  for (const peer of notify) sendEntry(step, entity, entry, peer);
}

/** The event for what adopting a peer's record did here: learned it chosen, accepted, or promised. */
function noteAdopted(
  step: Step,
  entity: EntityState,
  entry: number,
  before: { promised: number; accepted: number },
): void {
  const after = ownRecord(entity, entry);
  const { key } = entity;
  if (after.chosen) return markChosen(step, entity, entry);
  const n = entity.replicas.length;
  if (after.accepted > before.accepted) {
    const peer = entity.replicas[ballotOwner(after.accepted, n)]!;
    emit(step, {
      type: 'accepted',
      key,
      entry,
      ballot: after.accepted,
      command: describeCommand(after.value!),
      peer,
    });
    return;
  }
  const peer = entity.replicas[ballotOwner(after.promised, n)]!;
  emit(step, { type: 'promised', key, entry, ballot: after.promised, peer });
}
