/** QuorumKV's facts as trace text, in the same style as PaxosKV's (see app/paxos/paxos-text.ts). */
import { formatBytes } from '../util/byte-text';
import type { QuorumEvent, QuorumMessage, QuorumRecord } from './types';

/** A replica's copy as `k1 v3 by n2 c7="data"` (`deleted` for a delete, `empty` before any write). */
export function formatCopy(record: QuorumRecord): string {
  if (record.version === 0) return `${record.key} empty`;
  const value = record.value === null ? 'deleted' : formatBytes(record.value);
  return `${record.key} v${record.version} by ${record.writer} ${record.requestId}=${value}`;
}

export function formatQuorumMessage(message: QuorumMessage): string {
  switch (message.type) {
    case 'replicaWrite':
      return `replicaWrite ${formatCopy(message.record)}${message.requestId === '' ? ' repair' : ''}`;
    case 'replicaWriteAck':
      return `replicaWriteAck ${message.key} ${message.requestId} ${message.ok ? 'ok' : 'no'} v${message.version}`;
    case 'replicaRead':
      return `replicaRead ${message.key} ${message.requestId}`;
    case 'replicaReadReply':
      return `replicaReadReply ${message.requestId} ${formatCopy(message.record)}`;
  }
}

export function formatQuorumEvent(event: QuorumEvent): string | null {
  switch (event.type) {
    case 'replicaStored':
      return `stored ${event.key} v${event.version} ${event.requestId || 'repair'} from ${event.peer}`;
    case 'replicaRefused':
      return `refused ${event.key} v${event.version} (holds v${event.newer}) from ${event.peer}`;
    case 'quorumWrite':
      return `quorum write ${event.key} v${event.version} ${event.requestId} on ${event.replicas.join(' ')}`;
    case 'quorumRead':
      return `quorum read ${event.key} v${event.version} from ${event.replicas.join(' ')}`;
    case 'readRepair':
      return `readRepair ${event.key} v${event.version} to ${event.peer}`;
    case 'replied':
      return null;
    case 'inputRejected':
      return `inputRejected ${event.field}${event.peer ? ` from ${event.peer}` : ''}: ${event.reason}`;
  }
}
