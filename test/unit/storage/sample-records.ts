/** Small valid KeyRecords for storage tests: one chosen value per key. */
import type { KeyRecord, PersistRecord } from '../../../app/paxos/types';

export function chosenRecord(key: string, version: number, owner = 'n1'): KeyRecord {
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
          data: new Uint8Array([version % 256]),
          requests: [],
        },
        chosen: true,
      },
    ],
    recent: [],
  };
}

export function persistOf(key: string, version: number): PersistRecord {
  return { key, record: chosenRecord(key, version) };
}
