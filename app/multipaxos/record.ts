/**
 * The durable records of a multi-Paxos acceptor (its promise, and one record per slot), their keys, and
 * the checks every record passes before it is written and after it is read back.
 */
import type { Command, MultiPaxosRecord, PromiseRecord, SlotEntry, SlotRecord } from './types';

export function promiseKey(group: string): string {
  return `${group}/promise`;
}

export function slotKey(group: string, slot: number): string {
  return `${group}/slot/${slot}`;
}

export function promiseRecord(group: string, view: number): PromiseRecord {
  return { key: promiseKey(group), kind: 'promise', group, view };
}

export function slotRecord(group: string, entry: SlotEntry): SlotRecord {
  return { key: slotKey(group, entry.slot), kind: 'slot', group, ...entry };
}

const isCount = (value: unknown, min = 0): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** Null when the command is well formed (shape only: limits belong to the config, checked at the edge). */
export function checkCommand(command: unknown): string | null {
  if (typeof command !== 'object' || command === null) return 'command must be an object';
  const c = command as Record<string, unknown>;
  if (!isText(c.tag)) return 'command.tag must be a non-empty string';
  if (c.kind === 'noop') return null;
  if (c.kind !== 'client') return 'command.kind must be noop or client';
  return checkClientFields(c);
}

/** The fields a client command carries besides its tag, shape only. */
export function checkClientFields(c: Record<string, unknown>): string | null {
  if (!isText(c.requestId)) return 'command.requestId must be a non-empty string';
  if (!isText(c.origin)) return 'command.origin must be a node id';
  if (!isText(c.attempt)) return 'command.attempt must be a non-empty string';
  if (!isCount(c.arrivedAtVersion)) return 'command.arrivedAtVersion must be an integer >= 0';
  const op = c.operation as Record<string, unknown> | null;
  if (typeof op !== 'object' || op === null) return 'command.operation must be an object';
  if (!isText(op.key)) return 'command.operation.key must be a non-empty string';
  switch (op.kind) {
    case 'get':
    case 'delete':
      return null;
    case 'put':
      return op.value instanceof Uint8Array ? null : 'command.operation.value must be bytes';
    case 'cas':
      if (!(op.value instanceof Uint8Array)) return 'command.operation.value must be bytes';
      return isCount(op.expectedVersion) ? null : 'command.operation.expectedVersion must be an integer >= 0';
    default:
      return 'command.operation.kind must be get, put, delete or cas';
  }
}

/** Null when the slot entry is well formed. */
export function checkSlotEntry(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return 'entry must be an object';
  const e = entry as Record<string, unknown>;
  if (!isCount(e.slot, 1)) return 'slot must be an integer >= 1';
  if (!isCount(e.view)) return 'view must be an integer >= 0';
  if (typeof e.chosen !== 'boolean') return 'chosen must be true or false';
  return checkCommand(e.command);
}

/** Null when the record is well formed, else what is wrong; checked before a write and after a read. */
export function checkMultiPaxosRecord(record: MultiPaxosRecord): string | null {
  if (typeof record !== 'object' || record === null) return 'record must be an object';
  if (!isText(record.group)) return 'group must be a non-empty string';
  if (record.kind === 'promise') {
    if (!isCount(record.view)) return 'view must be an integer >= 0';
    return record.key === promiseKey(record.group) ? null : `key must be ${promiseKey(record.group)}`;
  }
  if (record.kind !== 'slot') return 'kind must be promise or slot';
  const problem = checkSlotEntry(record);
  if (problem) return problem;
  const key = slotKey(record.group, record.slot);
  return record.key === key ? null : `key must be ${key}`;
}

/** A deep copy of a log command: its value bytes are copied, not shared. */
export function copyCommand(command: Command): Command {
  if (command.kind === 'noop') return { ...command };
  const { operation } = command;
  const copied =
    operation.kind === 'put' || operation.kind === 'cas'
      ? { ...operation, value: operation.value.slice() }
      : { ...operation };
  return { ...command, operation: copied };
}

/** A deep copy, so a disk never shares objects with the core (values are copied, not shared). */
export function copyMultiPaxosRecord(record: MultiPaxosRecord): MultiPaxosRecord {
  if (record.kind === 'promise') return { ...record };
  return { ...record, command: copyCommand(record.command) };
}

/** One line for the console and the events: "put k1 (r7)", "noop". */
export function describeCommand(command: Command): string {
  if (command.kind === 'noop') return 'noop';
  const { operation, requestId } = command;
  const what = operation.kind === 'cas' ? `cas@${operation.expectedVersion}` : operation.kind;
  return `${what} ${operation.key} (${requestId})`;
}
