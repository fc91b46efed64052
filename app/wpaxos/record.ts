/**
 * WPaxos's durable records, per object: its promise, its newest snapshot and one record per slot of its
 * log; their keys, and the checks every record passes before it is written and after it is read back.
 * Commands are multi-Paxos's (app/multipaxos), checked by its rules.
 *
 * Slot records are keyed by slot modulo `ringSlots`: a node holds only the slots above its log base (the
 * rest are in its snapshot), at most `ringSlots` of them, so writing a slot overwrites the record of a
 * slot `ringSlots` lower, which the snapshot already covers. That is how dropped slots leave the disk:
 * a PLog holds at most `ringSlots` slot records per object, whatever the log's length.
 */
import { checkCommand, copyCommand } from '../multipaxos/record';
import { dedupWindowMax } from '../paxos/config';
import { zoneCount } from './grid';
import { localityWindow } from './policy';
import type {
  Command,
  ObjectSnapshot,
  PromiseRecord,
  SlotEntry,
  SlotRecord,
  SnapshotRecord,
  WPaxosRecord,
} from './types';

/** Slot records per object on disk, at most; also the most slots a node holds above its log base. */
export const ringSlots = 128;

export function promiseKey(object: string): string {
  return `promise/${object}`;
}

export function slotKey(object: string, slot: number): string {
  return `slot/${slot % ringSlots}/${object}`;
}

export function snapshotKey(object: string): string {
  return `snapshot/${object}`;
}

export function promiseRecord(object: string, ballot: number): PromiseRecord {
  return { key: promiseKey(object), kind: 'promise', object, ballot };
}

export function snapshotRecord(object: string, snapshot: ObjectSnapshot): SnapshotRecord {
  return { key: snapshotKey(object), kind: 'snapshot', object, ...copySnapshot(snapshot) };
}

/** A deep copy: a snapshot sent or stored never shares the value's bytes or the windows with the core. */
export function copySnapshot(snapshot: ObjectSnapshot): ObjectSnapshot {
  const { entry } = snapshot;
  return {
    slot: snapshot.slot,
    entry: {
      version: entry.version,
      value: entry.value === null ? null : entry.value.slice(),
      requests: entry.requests.map((request) => ({ ...request })),
    },
    recentZones: [...snapshot.recentZones],
  };
}

export function slotRecord(object: string, entry: SlotEntry): SlotRecord {
  const { slot, ballot, command, chosen } = entry;
  return { key: slotKey(object, slot), kind: 'slot', object, slot, ballot, command, chosen };
}

const isCount = (value: unknown, min = 0): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;

/** Null when the slot entry is well formed. */
export function checkSlotEntry(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return 'entry must be an object';
  const e = entry as Record<string, unknown>;
  if (!isCount(e.slot, 1)) return 'slot must be an integer >= 1';
  if (!isCount(e.ballot, 1)) return 'ballot must be an integer >= 1';
  if (typeof e.chosen !== 'boolean') return 'chosen must be true or false';
  const problem = checkCommand(e.command);
  if (problem) return problem;
  const command = e.command as Command;
  return command.kind === 'client' && typeof e.object === 'string' && command.operation.key !== e.object
    ? `command.operation.key must be the record's object ${JSON.stringify(e.object)}`
    : null;
}

/** Null when the snapshot is well formed (fields named as in the message or record). */
export function checkSnapshot(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'snapshot must be an object';
  const snapshot = value as Record<string, unknown>;
  if (!isCount(snapshot.slot, 1)) return 'slot must be an integer >= 1';
  const entry = snapshot.entry as Record<string, unknown> | null;
  if (typeof entry !== 'object' || entry === null) return 'entry must be an object';
  if (!isCount(entry.version)) return 'entry.version must be an integer >= 0';
  if (entry.value !== null && !(entry.value instanceof Uint8Array))
    return 'entry.value must be bytes or null';
  const requests = entry.requests;
  if (!Array.isArray(requests) || requests.length > dedupWindowMax) {
    return `entry.requests must be a list of at most ${dedupWindowMax}`;
  }
  for (const [i, request] of requests.entries()) {
    const r = request as Record<string, unknown> | null;
    const ok =
      typeof r === 'object' &&
      r !== null &&
      typeof r.requestId === 'string' &&
      isCount(r.version, 1) &&
      isCount(r.index, 1);
    if (!ok) return `entry.requests[${i}] must be { requestId, version >= 1, index >= 1 }`;
  }
  const zones = snapshot.recentZones;
  if (!Array.isArray(zones) || zones.length > localityWindow) {
    return `recentZones must be a list of at most ${localityWindow}`;
  }
  if (!zones.every((zone) => Number.isInteger(zone) && zone >= 0 && zone < zoneCount)) {
    return `recentZones must hold zones 0..${zoneCount - 1}`;
  }
  return null;
}

/** Null when the record is well formed, else what is wrong; checked before a write and after a read. */
export function checkWPaxosRecord(record: WPaxosRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'record must be an object';
  if (typeof record.object !== 'string' || record.object === '') return 'object must be a non-empty string';
  if (record.kind === 'promise') {
    if (!isCount(record.ballot)) return 'ballot must be an integer >= 0';
    const key = promiseKey(record.object);
    return record.key === key ? null : `key must be ${key}`;
  }
  if (record.kind === 'snapshot') {
    const problem = checkSnapshot(record);
    if (problem) return problem;
    const key = snapshotKey(record.object);
    return record.key === key ? null : `key must be ${key}`;
  }
  if (record.kind !== 'slot') return 'kind must be promise, slot or snapshot';
  const problem = checkSlotEntry(record);
  if (problem) return problem;
  const key = slotKey(record.object, record.slot);
  return record.key === key ? null : `key must be ${key}`;
}

/** A deep copy, so a disk never shares objects with the core. */
export function copyWPaxosRecord(record: WPaxosRecord): WPaxosRecord {
  if (record.kind === 'promise') return { ...record };
  if (record.kind === 'snapshot') return snapshotRecord(record.object, record);
  return { ...record, command: copyCommand(record.command) };
}
