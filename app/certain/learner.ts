/**
 * Relearning an entity after a wiped disk, PaxosKV's learner-only rule (docs/protocol-decisions.md §5)
 * in Certain's terms. The node may have promised or accepted at the entity's open entries before it
 * lost its disk, and messages it sent then may still be on their way, so it must neither vote on an
 * empty record there nor let a late message of its earlier life count. Three rounds, each with a fresh
 * nonce, so an answer to an earlier life does not count:
 * 1. **ask**: every other replica answers which incarnation of this node it knows (`known`);
 * 2. **claim** the next incarnation, above all of them: each replica fences this node's earlier lives
 *    (from then on it ignores their messages and drops its views of them), persists the fence, and
 *    reports its max_chosen_entry, its record above it and its max_plog_entry (its highest entry with
 *    any record);
 * 3. **finish**: the floor is the highest max_chosen_entry + 1 or max_plog_entry reported. Every entry
 *    where an earlier life left a trace is at or below it: a message of that life either reached a
 *    replica before its report (an entry's messages carry a max chosen of at least the entry before,
 *    and adopting a record leaves one in the receiver's PLog) or arrives after the fence and is
 *    ignored. At or below the floor the node never votes and only learns chosen values; above it, it
 *    votes as any replica. It answers clients LEARNER_ONLY until every entry up to the floor is chosen
 *    and applied, asking the others to finish the lowest one still open (a no-op if nothing was
 *    accepted there).
 * As PaxosKV's learner, two lost disks of one key keep both nodes relearning: Paxos tolerates one lost
 * acceptor state per key. The DB row, synced with the floor and the incarnation, carries this across
 * restarts; a crash before it starts again with a fresh ask, and the claim it made still counts.
 */
import { emit, holdsEntry, ownRecord, peersOf, saveDb, saveEntry, sendEntry, type Step } from './context';
import { finishEntry, markChosen } from './propose';
import { copyEntry, isEmptyEntry } from './record';
import type { EntityState, EntryStateMessage, LearnKind } from './types';

/** False while the floor is not known yet: the node may have forgotten promises anywhere on the entity. */
export function knowsFloor(entity: EntityState): boolean {
  return entity.relearning === null || entity.relearning.phase === 'finishing';
}

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
  const learn = (kind: LearnKind) => ({ kind, nonce: relearning.nonce, count: 0 });
  const open = relearning.phase === 'finishing' ? openEntries(entity) : [];
  for (const peer of peersOf(step, entity)) {
    if (relearning.phase === 'asking' && relearning.known[peer] === undefined) {
      sendEntry(step, entity, entity.maxChosen + 1, peer, learn('ask'));
    } else if (relearning.phase === 'claiming' && !relearning.reports[peer]) {
      sendEntry(step, entity, entity.maxChosen + 1, peer, learn('claim'));
    } else {
      for (const entry of open) sendEntry(step, entity, entry, peer, learn('finish'));
    }
  }
}

/**
 * The entries a finishing node asks the others to finish: the floor entry, usually the one open entry,
 * and the lowest entry below it it does not hold chosen yet, which may be open too when the floor came
 * from a max_plog_entry (nobody may know the entry before chosen: only a new proposal finishes it).
 */
function openEntries(entity: EntityState): number[] {
  const floor = entity.db.learnedFloor;
  const open: number[] = [];
  for (let entry = entity.db.committed + 1; entry < floor; entry++) {
    if (entity.plog[entry]?.chosen) continue;
    open.push(entry);
    break;
  }
  if (!entity.plog[floor]?.chosen && floor > entity.db.committed) open.push(floor);
  return open;
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
  if (learn.kind === 'known' || learn.kind === 'report') return onAnswer(step, entity, message);
  // A replica relearning this entity itself knows too little to answer or to finish an entry.
  if (entity.relearning) return;
  const { from } = message;
  const fence = entity.db.fences[from] ?? 0;
  if (learn.kind === 'ask') {
    sendEntry(step, entity, entity.maxChosen + 1, from, { kind: 'known', nonce: learn.nonce, count: fence });
    return;
  }
  if (message.incarnation < fence) return fenced(step, entity, message, fence);
  if (learn.kind === 'finish') return finishEntry(step, entity, message.entry, from);
  if (message.incarnation > fence) {
    raiseFence(entity, from, message.incarnation);
    saveDb(step, entity, true);
  }
  const count = maxPlogEntry(entity);
  sendEntry(step, entity, entity.maxChosen + 1, from, { kind: 'report', nonce: learn.nonce, count });
}

/**
 * Takes `incarnation` as `peer`'s life from now on: its earlier lives' messages are ignored, and what
 * this node heard of them (its views of the peer) no longer counts, since the peer forgot it.
 */
export function raiseFence(entity: EntityState, peer: string, incarnation: number): void {
  entity.db.fences[peer] = incarnation;
  for (const views of Object.values(entity.views)) delete views[peer];
}

/** A message from an earlier life of its sender: ignored, and said so. */
export function fenced(step: Step, entity: EntityState, message: EntryStateMessage, fence: number): void {
  const { key, entry, from: peer, incarnation } = message;
  emit(step, { type: 'fenced', key, entry, peer, incarnation, fence });
}

/** max_plog_entry: the highest entry where this node holds any record (0 for none). */
function maxPlogEntry(entity: EntityState): number {
  let top = 0;
  for (const [entry, record] of Object.entries(entity.plog)) {
    if (!isEmptyEntry(record)) top = Math.max(top, Number(entry));
  }
  return top;
}

/** A 'known' or 'report' answer to this node's relearning round. */
function onAnswer(step: Step, entity: EntityState, message: EntryStateMessage): void {
  const relearning = entity.relearning;
  const learn = message.learn!;
  if (!relearning || learn.nonce !== relearning.nonce) return;
  const peers = peersOf(step, entity);
  if (learn.kind === 'known' && relearning.phase === 'asking') {
    relearning.known[message.from] = learn.count;
    const known = Object.values(relearning.known);
    if (known.length < peers.length) return;
    entity.db.incarnation = Math.max(...known) + 1;
    relearning.phase = 'claiming';
    relearning.askAtMs = step.state.nowMs;
    return;
  }
  if (learn.kind !== 'report' || relearning.phase !== 'claiming') return;
  const { maxChosen, entry, record, incarnation } = message;
  relearning.reports[message.from] = {
    maxChosen,
    maxPlogEntry: learn.count,
    entry,
    record: copyEntry(record),
    incarnation,
  };
  const reports = Object.values(relearning.reports);
  if (reports.length < peers.length) return;
  const floor = Math.max(...reports.map((report) => Math.max(report.maxChosen + 1, report.maxPlogEntry)));
  relearning.phase = 'finishing';
  relearning.askAtMs = step.state.nowMs;
  entity.maxChosen = Math.max(entity.maxChosen, floor - 1);
  entity.db.learnedFloor = floor;
  for (const [peer, report] of Object.entries(relearning.reports)) {
    entity.db.fences[peer] = Math.max(entity.db.fences[peer] ?? 0, report.incarnation);
    if (report.entry !== floor) continue;
    (entity.views[floor] ??= {})[peer] = report.record;
    const learnable = report.record.chosen && !ownRecord(entity, floor).chosen && holdsEntry(entity, floor);
    if (learnable) {
      saveEntry(step, entity, floor, { ...copyEntry(report.record), prepared: 0 });
      markChosen(step, entity, floor);
    }
  }
  saveDb(step, entity, true);
  const reason = `both others fenced its earlier lives and reported; it is incarnation ${entity.db.incarnation}, learns every entry up to ${floor} before serving, and votes only above it`;
  emit(step, { type: 'relearning', key: entity.key, on: true, reason });
}
