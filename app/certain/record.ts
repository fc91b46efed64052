/**
 * Entry records and the durable rows: their keys, which of two records of one acceptor is newer, and the
 * checks every row passes before it is written and after it is read back.
 */
import { checkCommand, copyCommand } from '../multipaxos/record';
import type { CertainRecord, DbRecord, EntryRecord, PlogRecord } from './types';

export function plogKey(entity: string, entry: number): string {
  return `plog/${entry}/${entity}`;
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
export function isNewer(next: EntryRecord, known: EntryRecord): boolean {
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
    version: 0,
    value: null,
    requests: [],
  };
}

const isCount = (value: unknown, min = 0): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Null when the entry record is well formed, else what is wrong. */
export function checkEntryRecord(record: EntryRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'record must be an object';
  for (const field of ['prepared', 'promised', 'accepted'] as const) {
    if (!isCount(record[field])) return `${field} must be an integer >= 0`;
  }
  if (typeof record.chosen !== 'boolean') return 'chosen must be true or false';
  if (record.prepared > record.promised) return 'prepared must not exceed promised';
  if (record.accepted > record.promised) return 'accepted must not exceed promised';
  if (record.accepted > 0 !== (record.value !== null)) return 'a value is held exactly when accepted > 0';
  if (record.chosen && record.accepted === 0) return 'a chosen record holds an accepted value';
  return record.value === null ? null : checkCommand(record.value);
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
  if (!isCount(record.committed) || !isCount(record.learnedFloor) || !isCount(record.version)) {
    return 'committed, learnedFloor and version must be integers >= 0';
  }
  if (record.value !== null && !(record.value instanceof Uint8Array)) return 'value must be bytes or null';
  if (!Array.isArray(record.requests)) return 'requests must be a list';
  for (const applied of record.requests) {
    if (applied.version > record.version) return `request ${applied.requestId} is newer than the row`;
    if (applied.index > record.committed) return `request ${applied.requestId} is above the committed entry`;
  }
  return null;
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
  return {
    ...record,
    value: record.value && record.value.slice(),
    requests: record.requests.map((applied) => ({ ...applied })),
  };
}
