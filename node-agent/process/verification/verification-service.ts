/**
 * VerificationService (app/proto/verification.proto), served by every agent: its stored checksums for
 * a peer's verifier, and the --corrupt fault. Both need the cluster token, as ControlService does.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeId } from '../../../app/paxos/types';
import type {
  CompareKeysRequest,
  CompareKeysResponse,
  CorruptKeyRequest,
  CorruptKeyResponse,
} from '../../../app/proto/generated/verification';
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

export function verificationServiceHandlers(parts: VerificationServiceParts): UntypedServiceImplementation {
  const { check, raw, self, keyBytesMax } = parts;
  return {
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
