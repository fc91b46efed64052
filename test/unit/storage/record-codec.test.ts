import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRecordInvariants } from '../../../app/paxos/invariants';
import type { KeyRecord } from '../../../app/paxos/types';
import { CorruptRecordError } from '../../../node-agent/process/storage/corrupt-record-error';
import {
  decodeAgentMeta,
  decodeKeyRecord,
  encodeAgentMeta,
  encodeKeyRecord,
  recordFormatVersion,
} from '../../../node-agent/process/storage/record-codec';
import { keyRecordArbitrary } from './key-record-arbitrary';

const record: KeyRecord = {
  key: 'user:42',
  instances: [
    {
      index: 5,
      promised: { counter: 3, role: 2 },
      accepted: { counter: 3, role: 2 },
      value: {
        requestId: 'r9',
        owner: 'n2',
        version: 5,
        deleted: false,
        data: new Uint8Array([7, 8]),
        requests: [{ requestId: 'r8', version: 4, index: 3 }],
      },
      chosen: true,
    },
    { index: 6, promised: { counter: 4, role: 1 }, accepted: null, value: null, chosen: false },
  ],
  recent: [{ index: 5, requestId: 'r9', version: 5, deleted: false, owner: 'n2' }],
};

function corruptErrorOf(run: () => unknown): CorruptRecordError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CorruptRecordError);
    return error as CorruptRecordError;
  }
  throw new Error('expected a CorruptRecordError, but nothing was thrown');
}

describe('record codec', () => {
  it('round-trips records in every slim shape', () => {
    fc.assert(
      fc.property(keyRecordArbitrary, (generated) => {
        expect(checkRecordInvariants(generated)).toBeNull();
        expect(decodeKeyRecord(encodeKeyRecord(generated), generated.key)).toEqual(generated);
      }),
      { numRuns: 300 },
    );
  });

  it('starts every record with the format version byte', () => {
    expect(encodeKeyRecord(record)[0]).toBe(recordFormatVersion);
  });

  it('names the key when the format version is unknown', () => {
    const bytes = encodeKeyRecord(record);
    bytes[0] = 9;
    const error = corruptErrorOf(() => decodeKeyRecord(bytes, 'user:42'));
    expect(error.key).toBe('user:42');
    expect(error.message).toContain('format version 9');
  });

  it('names the key when the bytes are truncated or empty', () => {
    const bytes = encodeKeyRecord(record);
    expect(corruptErrorOf(() => decodeKeyRecord(bytes.subarray(0, bytes.length - 3), 'user:42')).key).toBe(
      'user:42',
    );
    expect(corruptErrorOf(() => decodeKeyRecord(new Uint8Array(), 'user:42')).reason).toBe('record is empty');
  });

  it('refuses a record stored under another key', () => {
    const error = corruptErrorOf(() => decodeKeyRecord(encodeKeyRecord(record), 'user:43'));
    expect(error.key).toBe('user:43');
    expect(error.reason).toContain('"user:42"');
  });

  it('refuses a record that breaks the core invariants', () => {
    const broken: KeyRecord = {
      ...record,
      instances: [
        {
          index: 5,
          promised: { counter: 1, role: 1 },
          accepted: { counter: 2, role: 1 },
          value: record.instances[0]!.value,
          chosen: false,
        },
      ],
    };
    const error = corruptErrorOf(() => decodeKeyRecord(encodeKeyRecord(broken), 'user:42'));
    expect(error.reason).toContain('accepted ballot is above the promised ballot');
  });

  it('never throws anything but CorruptRecordError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
        try {
          decodeKeyRecord(Uint8Array.of(recordFormatVersion, ...bytes), 'k');
        } catch (error) {
          expect(error).toBeInstanceOf(CorruptRecordError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips agent meta with and without a cluster name', () => {
    const meta = { learnerOnly: true, clusterName: 'demo', createdAtMs: 1_764_000_000_000 };
    expect(decodeAgentMeta(encodeAgentMeta(meta))).toEqual(meta);
    expect(decodeAgentMeta(encodeAgentMeta({ learnerOnly: false, createdAtMs: 1 }))).toEqual({
      learnerOnly: false,
      createdAtMs: 1,
    });
  });
});
