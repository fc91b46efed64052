/**
 * The fields every transport event about one peer message shares (messageSent, messageReceived,
 * messageDropped, …): the entry it concerns and which message it is. The agent's fault gate and the
 * simulator both describe messages with it, so a real and a simulated send read alike.
 */
import type { NodeId } from '../paxos/types';
import type { AnyMessage } from '../protocol/registry';
import type { ClusterEvent } from './cluster-event';

/** As the schema defines them; `ballot` is absent for message types without one (getChosen, …). */
export type PeerMessageFields = Pick<
  Extract<ClusterEvent, { type: 'messageSent' }>,
  'key' | 'index' | 'ballot' | 'messageId' | 'messageType' | 'peer'
>;

/**
 * `peer` is the other end as the reporting node sees it: the receiver when sending, the sender when
 * receiving. A fresh object each call (the event stream stamps events in place); the ballot is a copy.
 * Another protocol's messages carry no entry index (PaxosKV's all do) and are described by their
 * envelope alone.
 */
export function peerMessageFields(message: AnyMessage, peer: NodeId): PeerMessageFields {
  if (!('index' in message)) {
    return { key: message.key, messageId: message.id, messageType: message.type, peer };
  }
  const fields: PeerMessageFields = {
    key: message.key,
    index: message.index,
    messageId: message.id,
    messageType: message.type,
    peer,
  };
  if ('ballot' in message) fields.ballot = { counter: message.ballot.counter, role: message.ballot.role };
  return fields;
}
