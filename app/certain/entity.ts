/**
 * A node's entities (keys): made on first use, or at start from the rows on disk. On a node started
 * from a wiped disk, an entity with no DB row must be relearned before this node votes on it.
 */
import { placeKey } from '../paxos/placement';
import type { CertainNodeState, DbRecord, EntityState, PlogRecord } from './types';
import { copyEntry, emptyDb } from './record';
import { nextInt } from '../util/prng';

/** The largest nonce a relearning ask carries (fits a JSON number and a 32-bit seed generator). */
const nonceMax = 0x7fffffff;

function freshEntity(state: CertainNodeState, key: string, db: DbRecord | null): EntityState {
  const { replicas } = placeKey(state.config.groups, key);
  const selfId = replicas.indexOf(state.config.self);
  if (selfId < 0) throw new Error(`entity ${key}: ${state.config.self} is not one of its replicas`);
  const asking = state.wiped && db === null;
  // A row whose floor is above what it applied was written when the reports came in: still finishing.
  const finishing = db !== null && db.committed < db.learnedFloor;
  const nonce = asking || finishing ? nextInt(state.prng, 1, nonceMax) : 0;
  return {
    key,
    replicas: [...replicas],
    selfId,
    plog: {},
    views: {},
    maxChosen: 0,
    db: db ?? emptyDb(key),
    proposal: null,
    queue: [],
    catchUpAtMs: state.nowMs,
    relearning:
      asking || finishing
        ? {
            phase: asking ? 'asking' : 'finishing',
            nonce,
            known: {},
            reports: {},
            asks: 0,
            askAtMs: state.nowMs,
          }
        : null,
  };
}

/** The entity of `key`, made on first use (the caller checked this node is one of its replicas). */
export function entityOf(state: CertainNodeState, key: string): EntityState {
  state.awake[key] = true;
  const known = state.entities[key];
  if (known) return known;
  const made = freshEntity(state, key, null);
  state.entities[key] = made;
  return made;
}

/** True when a tick has nothing to do for the entity: it may sleep until a step touches it again. */
export function isIdle(entity: EntityState): boolean {
  return (
    entity.queue.length === 0 &&
    entity.proposal === null &&
    entity.relearning === null &&
    entity.db.committed >= entity.maxChosen
  );
}

/** Builds the entities found on disk: their DB rows and PLog rows; the DB may lag the PLog (db.ts replays). */
export function loadEntities(state: CertainNodeState, dbRows: DbRecord[], plogRows: PlogRecord[]): void {
  for (const db of dbRows) {
    state.entities[db.entity] = freshEntity(state, db.entity, { ...db, fences: { ...db.fences } });
    state.awake[db.entity] = true;
  }
  for (const row of plogRows) {
    const entity = entityOf(state, row.entity);
    // A ring row still holding an entry trimmed since (trim.ts) is not part of the PLog any more.
    if (row.entry <= entity.db.trimmed) continue;
    entity.plog[row.entry] = copyEntry(row);
    if (row.chosen) entity.maxChosen = Math.max(entity.maxChosen, row.entry);
  }
  for (const entity of Object.values(state.entities)) {
    entity.maxChosen = Math.max(entity.maxChosen, entity.db.committed);
  }
}
