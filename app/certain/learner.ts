/**
 * Relearning an entity after a wiped disk. The node may have promised or accepted at the entity's open
 * entry before it lost its disk, so it must not vote there on an empty record. It asks every other
 * replica (with a fresh nonce, so an answer from before a second wipe does not count) for its
 * max_chosen_entry and its record at the entry above; once all have reported, the highest max chosen
 * plus one is its floor: at or below it the node never votes, it only learns the chosen values; above
 * it nothing could exist before the ask, so it votes there as any replica. It serves again once every
 * entry up to the floor is chosen and applied, asking the others to finish the floor entry (with a
 * no-op if nothing was accepted there) when it is still open. As PaxosKV's learner, two lost disks of
 * one key keep both nodes relearning: Paxos tolerates one lost acceptor state per key. The DB row,
 * synced with the floor, carries this across restarts.
 */
import { emit, ownRecord, peersOf, saveDb, saveEntry, sendEntry, type Step } from './context';
import { finishEntry, markChosen } from './propose';
import { copyEntry } from './record';
import type { EntityState, EntryStateMessage } from './types';

export function learnerTick(step: Step, entity: EntityState): void {
  const relearning = entity.relearning;
  if (!relearning || step.state.nowMs < relearning.askAtMs) return;
  if (finishRelearning(step, entity)) return;
  if (relearning.asks === 0 && relearning.phase === 'asking') {
    const reason = `asking ${peersOf(step, entity).join(' and ')} for their state before voting on it again`;
    emit(step, { type: 'relearning', key: entity.key, on: true, reason });
  }
  relearning.asks += 1;
  relearning.askAtMs = step.state.nowMs + step.state.config.timing.roundTimeoutMs;
  const floor = entity.db.learnedFloor;
  for (const peer of peersOf(step, entity)) {
    if (relearning.phase === 'asking' && !relearning.reports[peer]) {
      sendEntry(step, entity, entity.maxChosen + 1, peer, { kind: 'ask', nonce: relearning.nonce });
    } else if (relearning.phase === 'finishing' && entity.maxChosen < floor) {
      sendEntry(step, entity, floor, peer, { kind: 'finish', nonce: relearning.nonce });
    }
  }
}

/** Ends relearning once every entry up to the floor is applied; true when it did. */
export function finishRelearning(step: Step, entity: EntityState): boolean {
  const relearning = entity.relearning;
  if (relearning?.phase !== 'finishing' || entity.db.committed < entity.db.learnedFloor) return false;
  entity.relearning = null;
  const reason = `every entry up to ${entity.db.learnedFloor} is learned; it votes above it and serves again`;
  emit(step, { type: 'relearning', key: entity.key, on: false, reason });
  return true;
}

export function onLearn(step: Step, entity: EntityState, message: EntryStateMessage): void {
  const learn = message.learn!;
  if (learn.kind !== 'report') {
    // A replica relearning this entity itself knows too little to report or to finish an entry.
    if (entity.relearning) return;
    if (learn.kind === 'finish') return finishEntry(step, entity, message.entry, message.from);
    sendEntry(step, entity, entity.maxChosen + 1, message.from, { kind: 'report', nonce: learn.nonce });
    return;
  }
  const relearning = entity.relearning;
  if (relearning?.phase !== 'asking' || learn.nonce !== relearning.nonce) return;
  const { maxChosen, entry, record } = message;
  relearning.reports[message.from] = { maxChosen, entry, record: copyEntry(record) };
  const reports = Object.values(relearning.reports);
  if (reports.length < peersOf(step, entity).length) return;
  const floor = Math.max(...reports.map((report) => report.maxChosen)) + 1;
  relearning.phase = 'finishing';
  relearning.askAtMs = step.state.nowMs;
  entity.maxChosen = Math.max(entity.maxChosen, floor - 1);
  entity.db.learnedFloor = floor;
  for (const [peer, report] of Object.entries(relearning.reports)) {
    if (report.entry !== floor) continue;
    (entity.views[floor] ??= {})[peer] = report.record;
    if (report.record.chosen && !ownRecord(entity, floor).chosen) {
      saveEntry(step, entity, floor, { ...copyEntry(report.record), prepared: 0 });
      markChosen(step, entity, floor);
    }
  }
  saveDb(step, entity, true);
  const reason = `both others reported; it learns every entry up to ${floor} before serving, and votes only above it`;
  emit(step, { type: 'relearning', key: entity.key, on: true, reason });
}
