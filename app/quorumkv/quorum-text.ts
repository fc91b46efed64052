/**
 * QuorumKV's facts as trace text, in the same style as PaxosKV's (see app/paxos/paxos-text.ts), and each
 * event as a caption: a plain-language line naming the NWR rule at work.
 */
import type { NodeId } from '../paxos/types';
import { formatBytes } from '../util/byte-text';
import { readQuorum, writeQuorum, type QuorumEvent, type QuorumMessage, type QuorumRecord } from './types';
import { inputRejectedCaption, repliedCaption } from '../model/common-captions';

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

/** "n1", "n1 and n2", "n1, n2 and n3". */
function nodeList(nodes: readonly NodeId[]): string {
  if (nodes.length <= 1) return nodes[0] ?? 'no replica';
  return `${nodes.slice(0, -1).join(', ')} and ${nodes[nodes.length - 1]!}`;
}

/**
 * An event as one line for a class, e.g. "n1 and n2 stored k1 v4: that is W=2 of the key's 3 replicas,
 * so the write is acknowledged — the third gets it later."
 */
export function captionQuorumEvent(event: QuorumEvent, self: NodeId): string {
  switch (event.type) {
    case 'replicaStored':
      if (event.peer === self) {
        return `${self} coordinates ${event.requestId} and stores ${event.key} v${event.version} first, then sends it to the other replicas: no ballot, no prepare — the version comes from its own copy alone.`;
      }
      if (event.requestId === '') {
        return `${self} stores ${event.key} v${event.version} from ${event.peer}: read repair, because its own copy was older.`;
      }
      return `${self} stores ${event.key} v${event.version} sent by ${event.peer}: it is newer than its own copy, and the higher version wins.`;
    case 'replicaRefused':
      return `${self} refuses ${event.key} v${event.version} from ${event.peer}: it already holds v${event.newer}, and the higher version wins — if two writers picked the same version, one write is lost.`;
    case 'quorumWrite': {
      const others = event.replicas.filter((replica) => replica !== self);
      return `${self} stored ${event.key} v${event.version}; with ${nodeList(others)} that is W=${writeQuorum} of the key's 3 replicas, so the write is acknowledged — the third gets it later, or not at all while it is cut off.`;
    }
    case 'quorumRead': {
      const others = event.replicas.filter((replica) => replica !== self);
      const copies =
        others.length < event.replicas.length ? `its own copy and ${nodeList(others)}'s` : nodeList(others);
      return `${self} read ${event.key} from ${copies}, R=${readQuorum} of the key's 3 replicas, and returns the highest version, v${event.version}: with R + W > N one of them holds every acknowledged write, unless two writers raced.`;
    }
    case 'readRepair':
      return `${self} saw ${event.peer} holding an older copy of ${event.key}, so it sends it v${event.version}: read repair.`;
    case 'replied':
      return repliedCaption(self, event);
    case 'inputRejected':
      return inputRejectedCaption(self, event);
  }
}
