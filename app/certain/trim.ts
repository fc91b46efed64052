/**
 * PLog trimming and snapshot catch-up (reference §5, `SnapshotRecover`). Once the DB applied entry c,
 * the entries up to c − plogKeptApplied are trimmed: dropped from memory, and their rows overwritten
 * in turn by the PLog ring (record.ts). The safe point is the DB row's `trimmed`, written (in order,
 * before any ring row that reuses a trimmed entry's key becomes durable) with the apply:
 * - a trimmed entry is chosen and applied here, and this node never votes on it again (its promises
 *   there are gone, so a vote could break one); messages about it are not adopted;
 * - a replica still missing a trimmed entry (several entries behind, or relearning) asks for it as
 *   usual (catch-up.ts) and gets this node's DB row as a snapshot instead: the key's state with every
 *   entry up to `committed` applied. It installs it when it is ahead of its own DB, trimming up to it.
 * The last plogKeptApplied applied entries stay, so a replica fewer entries behind catches up entry by
 * entry (and the lens still shows their views); the pre-authorised ballot reads the newest one.
 */
import { emit, saveDb, sendEntry, type Step } from './context';
import { copySnapshot } from './record';
import type { DbSnapshot, EntityState, EntryStateMessage } from './types';

/** Applied entries whose PLog rows and views are kept before they are trimmed. */
export const plogKeptApplied = 16;

/** Drops every entry up to `upTo` (applied here) from memory: their rows are free for the ring. */
function dropEntries(entity: EntityState, upTo: number): void {
  for (const entry of Object.keys(entity.plog).map(Number)) {
    if (entry <= upTo) delete entity.plog[entry];
  }
  for (const entry of Object.keys(entity.views).map(Number)) {
    if (entry <= upTo) delete entity.views[entry];
  }
}

/** After an apply: moves the trimmed entry up to committed − plogKeptApplied (the caller saves the row). */
export function trimApplied(entity: EntityState): void {
  const upTo = entity.db.committed - plogKeptApplied;
  if (upTo <= entity.db.trimmed) return;
  entity.db.trimmed = upTo;
  dropEntries(entity, upTo);
}

/**
 * A message about an entry this node trimmed: it is not adopted (no vote there). A sender that does not
 * hold the entry chosen is behind, so it gets this node's DB row as a snapshot.
 */
export function answerTrimmed(step: Step, entity: EntityState, message: EntryStateMessage): void {
  if (message.record.chosen || message.snapshot) return;
  sendEntry(step, entity, message.entry, message.from, null, copySnapshot(entity.db));
}

/**
 * Takes a peer's DB row when it is ahead of this node's: the key's state up to its committed entry,
 * every entry up to there trimmed here (never voted on again). True when it did.
 */
export function installSnapshot(
  step: Step,
  entity: EntityState,
  snapshot: DbSnapshot,
  peer: string,
): boolean {
  const { db } = entity;
  if (snapshot.committed <= db.committed) return false;
  const fromEntry = db.committed + 1;
  Object.assign(db, copySnapshot(snapshot));
  db.trimmed = db.committed;
  dropEntries(entity, db.committed);
  entity.maxChosen = Math.max(entity.maxChosen, db.committed);
  if (entity.proposal && entity.proposal.entry <= db.committed) entity.proposal = null;
  saveDb(step, entity);
  emit(step, { type: 'snapshot', key: entity.key, peer, fromEntry, committed: db.committed });
  if (entity.plog[db.committed + 1]?.chosen) step.state.applyDue[entity.key] ??= 'apply';
  return true;
}
