/**
 * Checks for single decoded wire fields. Each returns the value in its core form or throws a
 * WireFormatError naming the field and the limit it broke.
 */
import { idPattern } from '../model/topology';
import type { AppliedRequest, Ballot, EntryValue, NodeId, PLogHeader } from '../paxos/types';
import type {
  AppliedRequest as WireAppliedRequest,
  Ballot as WireBallot,
  EntryValue as WireEntryValue,
  PLogHeader as WirePLogHeader,
} from './generated/peer_messages';
import { appliedRequestsMax, idCharsMax, keyBytesMax, roleMax, valueBytesMax } from './wire-limits';
import { WireFormatError } from './wire-format-error';

const utf8 = new TextEncoder();

/** "field: 70000 bytes exceeds the limit of 65536", carrying the limit. */
export function overLimit(field: string, count: number, unit: string, limit: number): WireFormatError {
  return new WireFormatError(field, `${count} ${unit} exceeds the limit of ${limit}`, limit);
}

export function checkCount(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WireFormatError(field, `must be a non-negative integer up to 2^53-1, got ${value}`);
  }
  return value;
}

export function checkNodeId(value: string, field: string): NodeId {
  if (!idPattern.test(value)) {
    throw new WireFormatError(
      field,
      `must be a node id: 1-32 letters, digits, "-" or "_", starting with a letter, got ${JSON.stringify(value.slice(0, 40))}`,
    );
  }
  return value;
}

/** Message, read and request ids: at most idCharsMax characters; empty only when `allowEmpty`. */
export function checkId(value: string, field: string, allowEmpty = false): string {
  if (value.length === 0 && !allowEmpty) throw new WireFormatError(field, 'must not be empty');
  if (value.length > idCharsMax) {
    throw overLimit(field, value.length, 'characters', idCharsMax);
  }
  return value;
}

export function checkKey(value: string, field: string): string {
  // A UTF-16 unit encodes to at most 3 UTF-8 bytes, so short keys skip the encoding.
  if (value.length * 3 <= keyBytesMax) return value;
  const bytes = utf8.encode(value).length;
  if (bytes > keyBytesMax) throw overLimit(field, bytes, 'bytes', keyBytesMax);
  return value;
}

export function checkBallot(wire: WireBallot | undefined, field: string): Ballot {
  if (wire === undefined) throw new WireFormatError(field, 'is missing');
  if (!Number.isInteger(wire.role) || wire.role < 0 || wire.role > roleMax) {
    throw new WireFormatError(
      `${field}.role`,
      `must be an integer in 0..${roleMax}, got ${wire.role}`,
      roleMax,
    );
  }
  return { counter: checkCount(wire.counter, `${field}.counter`), role: wire.role };
}

export function checkEntryValue(wire: WireEntryValue | undefined, field: string): EntryValue {
  if (wire === undefined) throw new WireFormatError(field, 'is missing');
  if (wire.data.length > valueBytesMax)
    throw overLimit(`${field}.data`, wire.data.length, 'bytes', valueBytesMax);
  return {
    requestId: checkId(wire.requestId, `${field}.requestId`, true),
    owner: checkNodeId(wire.owner, `${field}.owner`),
    version: checkCount(wire.version, `${field}.version`),
    deleted: wire.deleted,
    // A copy, so that core state never aliases (or is a Buffer view of) a network receive buffer.
    data: new Uint8Array(wire.data),
    requests: checkAppliedRequests(wire.requests, `${field}.requests`),
  };
}

function checkAppliedRequests(wire: WireAppliedRequest[], field: string): AppliedRequest[] {
  if (wire.length > appliedRequestsMax) {
    throw overLimit(field, wire.length, 'entries', appliedRequestsMax);
  }
  return wire.map((applied, i) => ({
    requestId: checkId(applied.requestId, `${field}[${i}].requestId`),
    version: checkCount(applied.version, `${field}[${i}].version`),
    index: checkCount(applied.index, `${field}[${i}].index`),
  }));
}

export function checkHeader(wire: WirePLogHeader | undefined, field: string): PLogHeader {
  if (wire === undefined) throw new WireFormatError(field, 'is missing');
  return {
    maxIndex: checkCount(wire.maxIndex, `${field}.maxIndex`),
    chosenIndex: checkCount(wire.chosenIndex, `${field}.chosenIndex`),
    version: checkCount(wire.version, `${field}.version`),
  };
}
