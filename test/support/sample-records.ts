/**
 * Valid KeyRecords holding one chosen value per key, for the storage tests and the storage bench
 * (which writes them with `data` of the size it measures). A record must be valid: the store asserts
 * the core's invariants before it writes one.
 */
import type { KeyRecord, PersistRecord } from '../../app/paxos/types';

export function chosenRecord(
  key: string,
  version: number,
  owner = 'n1',
  data: Uint8Array = new Uint8Array([version % 256]),
): KeyRecord {
  return {
    key,
    instances: [
      {
        index: version,
        promised: { counter: 1, role: 1 },
        accepted: { counter: 1, role: 1 },
        value: {
          requestId: `${key}#${version}`,
          owner,
          version,
          deleted: false,
          data,
          requests: [],
        },
        chosen: true,
      },
    ],
    recent: [],
  };
}

export function persistOf(key: string, version: number, data?: Uint8Array): PersistRecord {
  return { key, record: chosenRecord(key, version, 'n1', data) };
}
