/**
 * WPaxos's durable records, per object: its promise and one record per slot of its log; their keys, and
 * the checks every record passes before it is written and after it is read back. Commands are multi-Paxos's
 * (app/multipaxos), checked by its rules.
 */
import { checkCommand, copyCommand } from '../multipaxos/record';
import type { Command, PromiseRecord, SlotEntry, SlotRecord, WPaxosRecord } from './types';

export function promiseKey(object: string): string {
  return `promise/${object}`;
}

export function slotKey(object: string, slot: number): string {
  return `slot/${slot}/${object}`;
}

export function promiseRecord(object: string, ballot: number): PromiseRecord {
  return { key: promiseKey(object), kind: 'promise', object, ballot };
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

/** Null when the record is well formed, else what is wrong; checked before a write and after a read. */
export function checkWPaxosRecord(record: WPaxosRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'record must be an object';
  if (typeof record.object !== 'string' || record.object === '') return 'object must be a non-empty string';
  if (record.kind === 'promise') {
    if (!isCount(record.ballot)) return 'ballot must be an integer >= 0';
    const key = promiseKey(record.object);
    return record.key === key ? null : `key must be ${key}`;
  }
  if (record.kind !== 'slot') return 'kind must be promise or slot';
  const problem = checkSlotEntry(record);
  if (problem) return problem;
  const key = slotKey(record.object, record.slot);
  return record.key === key ? null : `key must be ${key}`;
}

/** A deep copy, so a disk never shares objects with the core. */
export function copyWPaxosRecord(record: WPaxosRecord): WPaxosRecord {
  if (record.kind === 'promise') return { ...record };
  return { ...record, command: copyCommand(record.command) };
}
