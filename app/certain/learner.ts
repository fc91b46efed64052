/**
 * Relearning an entity after a wiped disk. The node may have promised or accepted at the entity's open
 * entry before it lost its disk, so it must not vote there on an empty record. It asks every other
 * replica (with a fresh nonce, so an answer from before a second wipe does not count) for its
 * max_chosen_entry and its record at the entry above; once all have reported, the highest max chosen
 * plus one is its floor: at or below it the node only learns chosen values (and may still propose, with
 * only the others' promises counting), above it nothing could exist before the ask, so it votes again.
 * The synced DB row that records the floor marks the entity relearned across restarts.
 */
import { emit, ownRecord, peersOf, saveDb, saveEntry, sendEntry, type Step } from './context';
import { markChosen } from './propose';
import { copyEntry } from './record';
import type { EntityState, EntryStateMessage } from './types';

export function learnerTick(step: Step, entity: EntityState): void {
  const relearning = entity.relearning;
  if (!relearning || step.state.nowMs < relearning.askAtMs) return;
  if (relearning.asks === 0) {
    const reason = `asking ${peersOf(step, entity).join(' and ')} for their state before voting on it again`;
    emit(step, { type: 'relearning', key: entity.key, on: true, reason });
  }
  relearning.asks += 1;
  relearning.askAtMs = step.state.nowMs + step.state.config.timing.roundTimeoutMs;
  for (const peer of peersOf(step, entity)) {
    if (relearning.reports[peer]) continue;
    sendEntry(step, entity, entity.maxChosen + 1, peer, { kind: 'ask', nonce: relearning.nonce });
  }
}

export function onLearn(step: Step, entity: EntityState, message: EntryStateMessage): void {
  const learn = message.learn!;
  if (learn.kind === 'ask') {
    // A replica relearning this entity itself knows too little to report.
    if (entity.relearning) return;
    sendEntry(step, entity, entity.maxChosen + 1, message.from, { kind: 'report', nonce: learn.nonce });
    return;
  }
  const relearning = entity.relearning;
  if (!relearning || learn.nonce !== relearning.nonce) return;
  const { maxChosen, entry, record } = message;
  relearning.reports[message.from] = { maxChosen, entry, record: copyEntry(record) };
  const reports = Object.values(relearning.reports);
  if (reports.length < peersOf(step, entity).length) return;
  const floor = Math.max(...reports.map((report) => report.maxChosen)) + 1;
  entity.relearning = null;
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
  const reason = `relearned: entries up to ${floor} are learned from the others, votes resume above`;
  emit(step, { type: 'relearning', key: entity.key, on: false, reason });
}
