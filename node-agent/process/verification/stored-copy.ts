/**
 * A key's copy as this agent stores it on disk, read for comparison (never the running core's copy,
 * which would hide a record that rotted on disk), and its form on the wire (VerificationService).
 */
import type { NodeId } from '../../../app/paxos/types';
import { StoredKeyChecksum_Kind, type StoredKeyChecksum } from '../../../app/proto/generated/verification';
import { keyChecksum } from '../../../app/verification/checksum';
import type { StoredCopy } from '../../../app/verification/verdict';
import { CorruptRecordError } from '../storage/corrupt-record-error';
import type { RawRecords } from '../storage/raw-records';
import { decodeKeyRecord } from '../storage/record-codec';

export async function readStoredCopy(raw: RawRecords, node: NodeId, key: string): Promise<StoredCopy> {
  const bytes = await raw.readRaw(key);
  if (bytes === undefined) return { node, kind: 'absent' };
  try {
    return { node, kind: 'checksum', ...keyChecksum(decodeKeyRecord(bytes, key)) };
  } catch (error) {
    if (error instanceof CorruptRecordError) return { node, kind: 'unreadable', reason: error.reason };
    throw error;
  }
}

export function storedCopyToWire(key: string, copy: StoredCopy): StoredKeyChecksum {
  const wire: StoredKeyChecksum = {
    key,
    kind: StoredKeyChecksum_Kind.KIND_ABSENT,
    index: 0,
    digest: '',
    reason: '',
  };
  if (copy.kind === 'checksum')
    return { ...wire, kind: StoredKeyChecksum_Kind.KIND_CHECKSUM, index: copy.index, digest: copy.digest };
  if (copy.kind === 'unreadable')
    return { ...wire, kind: StoredKeyChecksum_Kind.KIND_UNREADABLE, reason: copy.reason };
  return wire;
}

const digestPattern = /^[0-9a-f]{16}$/;

/** A peer's answer for one key; an answer that is not well formed counts as no answer, named. */
export function storedCopyFromWire(node: NodeId, wire: StoredKeyChecksum): StoredCopy {
  switch (wire.kind) {
    case StoredKeyChecksum_Kind.KIND_CHECKSUM:
      if (!digestPattern.test(wire.digest) || !Number.isSafeInteger(wire.index) || wire.index < 0) {
        return { node, kind: 'unreachable', reason: `keys[${wire.key}]: malformed checksum` };
      }
      return { node, kind: 'checksum', index: wire.index, digest: wire.digest };
    case StoredKeyChecksum_Kind.KIND_UNREADABLE:
      return { node, kind: 'unreadable', reason: wire.reason.slice(0, 512) };
    case StoredKeyChecksum_Kind.KIND_ABSENT:
      return { node, kind: 'absent' };
    default:
      return { node, kind: 'unreachable', reason: `keys[${wire.key}].kind: unknown (${wire.kind})` };
  }
}
