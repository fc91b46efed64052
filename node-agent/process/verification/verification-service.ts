/**
 * VerificationService (app/proto/verification.proto), served by every agent: its stored checksums for
 * a peer's verifier, and the --corrupt fault. Both need the cluster token, as ControlService does.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeId } from '../../../app/paxos/types';
import { roleOf } from '../../../app/paxos/placement';
import type { PlacementGroup } from '../../../app/paxos/types';
import type {
  CompareKeysRequest,
  CompareKeysResponse,
  CompareRangesRequest,
  CompareRangesResponse,
  CorruptKeyRequest,
  CorruptKeyResponse,
  RangeChecksum,
} from '../../../app/proto/generated/verification';
import {
  compareRangesMax,
  keysIn,
  rangeDigest,
  rangeKeysMax,
  type KeyRange,
} from '../../../app/verification/ranges';
import { compareKeysMax } from '../../../app/verification/schedule';
import type { TokenCheck } from '../control/control-auth';
import { ControlArgumentError } from '../control/control-errors';
import { unaryHandler } from '../control/control-handler';
import type { EventStream } from '../events/event-stream';
import { corruptChosenValue } from '../storage/corrupt-value';
import type { RawRecords } from '../storage/raw-records';
import { readStoredCopy, storedCopyToWire } from './stored-copy';

export interface VerificationServiceParts {
  self: NodeId;
  groups: PlacementGroup[];
  /** The keys this agent holds (its running core's records). */
  keys(): string[];
  check: TokenCheck;
  raw: RawRecords;
  keyBytesMax: number;
  events: EventStream;
}

function checkKey(key: string, field: string, keyBytesMax: number): string {
  if (key === '') throw new ControlArgumentError(field, 'must not be empty');
  if (Buffer.byteLength(key) > keyBytesMax) {
    throw new ControlArgumentError(field, `must be at most ${keyBytesMax} bytes`, keyBytesMax);
  }
  return key;
}

/** One range's digest over this agent's stored copies of the keys in it that `from` also replicates. */
async function rangeChecksum(
  parts: VerificationServiceParts,
  sortedShared: readonly string[],
  range: KeyRange,
): Promise<RangeChecksum> {
  const keys = keysIn(sortedShared, range);
  if (keys.length > rangeKeysMax) return { digest: '', keys: keys.length };
  const copies = await Promise.all(keys.map((key) => readStoredCopy(parts.raw, parts.self, key)));
  return { digest: rangeDigest(keys.map((key, i) => ({ key, copy: copies[i]! }))), keys: keys.length };
}

export function verificationServiceHandlers(parts: VerificationServiceParts): UntypedServiceImplementation {
  const { check, raw, self, keyBytesMax } = parts;
  return {
    compareRanges: unaryHandler(
      check,
      async (request: CompareRangesRequest): Promise<CompareRangesResponse> => {
        if (request.ranges.length > compareRangesMax) {
          const limit = `must list at most ${compareRangesMax} ranges`;
          throw new ControlArgumentError('ranges', limit, compareRangesMax);
        }
        request.ranges.forEach((range, i) => {
          checkKey(range.firstKey, `ranges[${i}].firstKey`, keyBytesMax);
          checkKey(range.lastKey, `ranges[${i}].lastKey`, keyBytesMax);
        });
        const shared = parts
          .keys()
          .filter((key) => roleOf(parts.groups, key, request.from) !== null)
          .sort();
        return {
          ranges: await Promise.all(request.ranges.map((range) => rangeChecksum(parts, shared, range))),
        };
      },
    ),
    compareKeys: unaryHandler(check, async (request: CompareKeysRequest): Promise<CompareKeysResponse> => {
      if (request.keys.length > compareKeysMax) {
        throw new ControlArgumentError('keys', `must list at most ${compareKeysMax} keys`, compareKeysMax);
      }
      request.keys.forEach((key, i) => checkKey(key, `keys[${i}]`, keyBytesMax));
      const copies = await Promise.all(request.keys.map((key) => readStoredCopy(raw, self, key)));
      return { keys: copies.map((copy, i) => storedCopyToWire(request.keys[i]!, copy)) };
    }),
    corruptKey: unaryHandler(check, async (request: CorruptKeyRequest): Promise<CorruptKeyResponse> => {
      const key = checkKey(request.key, 'key', keyBytesMax);
      const done = await corruptChosenValue(raw, key);
      const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;
      parts.events.emit({
        type: 'faultApplied',
        key,
        index: done.index,
        description:
          `corrupted ${self}'s stored copy of ${key}#${done.index} on disk (byte ${done.offset} of the record, ` +
          `${hex(done.before)} → ${hex(done.after)}); the running core keeps its own copy, and the verifier ` +
          'compares the disk copy with the other replicas',
      });
      return done;
    }),
  };
}
