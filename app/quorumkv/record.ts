/** A replica's copy of a key: which copy is newer, and what a write makes of it. */
import type { QuorumRecord } from './types';
import type { NodeId } from '../paxos/types';

export function emptyRecord(key: string): QuorumRecord {
  return { key, version: 0, writer: '', value: null, requestId: '', requests: [] };
}

/** Newer by version, then by writer id: replicas that saw the same two writes keep the same one. */
export function isNewer(a: QuorumRecord, b: QuorumRecord): boolean {
  if (a.version !== b.version) return a.version > b.version;
  return a.writer > b.writer;
}

/** The copy after a write numbered from `base`: one version more, the request remembered. */
export function withWrite(
  base: QuorumRecord,
  write: { value: Uint8Array | null; writer: NodeId; requestId: string },
  dedupWindow: number,
): QuorumRecord {
  const version = base.version + 1;
  const requests = [...base.requests, { requestId: write.requestId, version, index: version }];
  return {
    key: base.key,
    version,
    writer: write.writer,
    value: write.value,
    requestId: write.requestId,
    requests: requests.slice(Math.max(0, requests.length - dedupWindow)),
  };
}

/** Null when the record is well formed, else what is wrong; checked before a write and after a read. */
export function checkQuorumRecord(record: QuorumRecord): string | null {
  if (typeof record.key !== 'string' || record.key === '') return 'key must be a non-empty string';
  if (!Number.isSafeInteger(record.version) || record.version < 0) return 'version must be an integer >= 0';
  if (record.version === 0 && (record.value !== null || record.requestId !== '')) {
    return 'a copy at version 0 holds no value and no request';
  }
  if (record.version > 0 && record.writer === '') return 'a written copy names its writer';
  if (record.value !== null && !(record.value instanceof Uint8Array)) return 'value must be bytes or null';
  for (const applied of record.requests) {
    if (applied.version > record.version) return `request ${applied.requestId} is newer than the copy`;
  }
  return null;
}

export function copyQuorumRecord(record: QuorumRecord): QuorumRecord {
  return {
    ...record,
    value: record.value && record.value.slice(),
    requests: record.requests.map((applied) => ({ ...applied })),
  };
}
