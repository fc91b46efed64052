/**
 * Entry records and the durable rows: their keys, which of two records of one acceptor is newer, and the
 * checks every row passes before it is written and after it is read back.
 */
import { checkCommand, copyCommand } from '../multipaxos/record';
import type { CertainRecord, DbRecord, DbSnapshot, EntryHeader, EntryRecord, PlogRecord } from './types';

/**
 * Rows per entity in the PLog ring: entry e is stored in row e mod plogRingSize. Large enough for the
 * entries a node keeps after applying (trim.ts) plus those it may write above its DB (catch-up).
 */
export const plogRingSize = 32;

export function plogKey(entity: string, entry: number): string {
  return `plog/${entry % plogRingSize}/${entity}`;
}

export function dbKey(entity: string): string {
  return `db/${entity}`;
}

export function emptyEntry(): EntryRecord {
  return { prepared: 0, promised: 0, accepted: 0, value: null, chosen: false };
}

export function isEmptyEntry(record: EntryRecord): boolean {
  return record.promised === 0 && record.accepted === 0 && !record.chosen;
}

/**
 * True when `next` is a later state of the same acceptor than `known` (reference §3b `IsRecordNewer`):
 * nothing follows a chosen record, and otherwise a record only grows (its proposal, promise or accept).
 */
export function isNewer(next: EntryHeader, known: EntryHeader): boolean {
  if (known.chosen) return false;
  if (next.chosen) return true;
  return next.prepared > known.prepared || next.promised > known.promised || next.accepted > known.accepted;
}

export function sameEntry(a: EntryRecord, b: EntryRecord): boolean {
  return (
    a.prepared === b.prepared &&
    a.promised === b.promised &&
    a.accepted === b.accepted &&
    a.chosen === b.chosen
  );
}

export function plogRecord(entity: string, entry: number, record: EntryRecord): PlogRecord {
  return { key: plogKey(entity, entry), kind: 'plog', entity, entry, ...record };
}

export function emptyDb(entity: string): DbRecord {
  return {
    key: dbKey(entity),
    kind: 'db',
    entity,
    committed: 0,
    learnedFloor: 0,
    trimmed: 0,
    incarnation: 0,
    fences: {},
    version: 0,
    value: null,
    requests: [],
  };
}

/** The other replicas of an entity a DB row may fence (PaxosStore runs up to five acceptors). */
const fencedPeersMax = 4;

const isCount = (value: unknown, min = 0): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Null when a record's numbers are well formed, else what is wrong. */
export function checkEntryHeader(header: EntryHeader): string | null {
  if (typeof header !== 'object' || header === null) return 'record must be an object';
  for (const field of ['prepared', 'promised', 'accepted'] as const) {
    if (!isCount(header[field])) return `${field} must be an integer >= 0`;
  }
  if (typeof header.chosen !== 'boolean') return 'chosen must be true or false';
  if (header.prepared > header.promised) return 'prepared must not exceed promised';
  if (header.accepted > header.promised) return 'accepted must not exceed promised';
  if (header.chosen && header.accepted === 0) return 'a chosen record holds an accepted value';
  return null;
}

/** Null when the entry record is well formed, else what is wrong. */
export function checkEntryRecord(record: EntryRecord): string | null {
  const problem = checkEntryHeader(record);
  if (problem) return problem;
  if (record.accepted > 0 !== (record.value !== null)) return 'a value is held exactly when accepted > 0';
  return record.value === null ? null : checkCommand(record.value);
}

/** The record's numbers, as a sender tells the receiver its view of the receiver's record. */
export function headerOf(record: EntryRecord): EntryHeader {
  const { prepared, promised, accepted, chosen } = record;
  return { prepared, promised, accepted, chosen };
}

/** Null when the row is well formed, else what is wrong; checked before a write and after a read. */
export function checkCertainRecord(record: CertainRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'record must be an object';
  if (typeof record.entity !== 'string' || record.entity === '') return 'entity must be a non-empty string';
  if (record.kind === 'plog') {
    if (!isCount(record.entry, 1)) return 'entry must be an integer >= 1';
    const key = plogKey(record.entity, record.entry);
    return record.key === key ? checkEntryRecord(record) : `key must be ${key}`;
  }
  if (record.kind !== 'db') return 'kind must be plog or db';
  if (record.key !== dbKey(record.entity)) return `key must be ${dbKey(record.entity)}`;
  for (const field of ['committed', 'learnedFloor', 'trimmed', 'incarnation', 'version'] as const) {
    if (!isCount(record[field])) return `${field} must be an integer >= 0`;
  }
  if (record.trimmed > record.committed) return 'trimmed must not exceed committed';
  if (typeof record.fences !== 'object' || record.fences === null) return 'fences must be an object';
  if (Object.keys(record.fences).length > fencedPeersMax) {
    return `fences must name at most ${fencedPeersMax} replicas`;
  }
  for (const [peer, fence] of Object.entries(record.fences)) {
    if (!isCount(fence)) return `fences.${peer} must be an integer >= 0`;
  }
  return checkSnapshot(record);
}

/** Null when a DB row's state (or a snapshot of it) is well formed, else what is wrong. */
export function checkSnapshot(snapshot: DbSnapshot): string | null {
  if (!isCount(snapshot.committed) || !isCount(snapshot.version)) {
    return 'committed and version must be integers >= 0';
  }
  if (snapshot.value !== null && !(snapshot.value instanceof Uint8Array))
    return 'value must be bytes or null';
  if (!Array.isArray(snapshot.requests)) return 'requests must be a list';
  for (const applied of snapshot.requests) {
    if (applied.version > snapshot.version) return `request ${applied.requestId} is newer than the row`;
    if (applied.index > snapshot.committed) {
      return `request ${applied.requestId} is above the committed entry`;
    }
  }
  return null;
}

/** The key's state in a DB row, copied (a snapshot sent to a replica, or installed from one). */
export function copySnapshot(snapshot: DbSnapshot): DbSnapshot {
  return {
    committed: snapshot.committed,
    version: snapshot.version,
    value: snapshot.value && snapshot.value.slice(),
    requests: snapshot.requests.map((applied) => ({ ...applied })),
  };
}

/**
 * The entry record alone (a PLog row's own fields dropped). The command is shared, not copied: the core
 * never changes a command once made, and records pass between views and messages at every step.
 */
export function copyEntry(record: EntryRecord): EntryRecord {
  const { prepared, promised, accepted, value, chosen } = record;
  return { prepared, promised, accepted, value, chosen };
}

/** A deep copy, so a disk never shares objects the core goes on mutating. */
export function copyCertainRecord(record: CertainRecord): CertainRecord {
  if (record.kind === 'plog') return { ...record, value: record.value && copyCommand(record.value) };
  return { ...record, ...copySnapshot(record), fences: { ...record.fences } };
}
