/** The envelope and message fields every transport event about one peer message shares. */
import type { PeerMessage } from '../../../app/paxos/types';

/** `peer` is the other end as this agent sees it: the receiver when sending, the sender when receiving. */
export function aboutMessage(message: PeerMessage, peer: string): MessageAbout {
  const about: MessageAbout = {
    key: message.key,
    index: message.index,
    messageId: message.id,
    messageType: message.type,
    peer,
  };
  if ('ballot' in message) about.ballot = { counter: message.ballot.counter, role: message.ballot.role };
  return about;
}

export interface MessageAbout {
  key: string;
  index: number;
  ballot?: { counter: number; role: number };
  messageId: string;
  messageType: PeerMessage['type'];
  peer: string;
}
