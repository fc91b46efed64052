/**
 * What the console's lens draws for PaxosCertain: per entity, every entry this node knows, with its own
 * record and its view of every other replica's (the N × N picture is these rows from every node), and
 * how far its DB has applied.
 */
import { ownRecord, viewOf } from './context';
import type { CertainNodeState, EntryRecord } from './types';
import type { NodeId } from '../paxos/types';

export interface EntryRow {
  entry: number;
  /** Per replica: this node's own record, or its view of that replica's (empty when it heard nothing). */
  records: Record<NodeId, EntryRecord>;
  /** Applied to this node's DB. */
  applied: boolean;
}

export interface EntityEntries {
  key: string;
  replicas: NodeId[];
  maxChosen: number;
  committed: number;
  learnedFloor: number;
  relearning: boolean;
  /** The newest entries, at most `limit`, lowest first. */
  rows: EntryRow[];
}

/** The entries of `key` as this node holds them, or null when it has none. */
export function describeEntries(state: CertainNodeState, key: string, limit = 16): EntityEntries | null {
  const entity = state.entities[key];
  if (!entity) return null;
  const known = Object.keys(entity.plog).map(Number);
  const top = Math.max(entity.maxChosen, ...known, 0);
  const rows: EntryRow[] = [];
  for (let entry = Math.max(1, top - limit + 1); entry <= top; entry++) {
    const records: Record<NodeId, EntryRecord> = {};
    for (const replica of entity.replicas) {
      records[replica] =
        replica === state.config.self ? ownRecord(entity, entry) : viewOf(entity, entry, replica);
    }
    rows.push({ entry, records, applied: entry <= entity.db.committed });
  }
  return {
    key,
    replicas: [...entity.replicas],
    maxChosen: entity.maxChosen,
    committed: entity.db.committed,
    learnedFloor: entity.db.learnedFloor,
    relearning: entity.relearning !== null,
    rows,
  };
}
