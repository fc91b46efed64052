/** The envelope and message fields every transport event about one peer message shares. */
import type { PeerMessage } from '../../app/paxos/types';

/** `peer` is the other end as this agent sees it: the receiver when sending, the sender when receiving. */
export function aboutMessage(message: PeerMessage, peer: string) {
  return {
    key: message.key,
    index: message.index,
    ...('ballot' in message
      ? { ballot: { counter: message.ballot.counter, role: message.ballot.role } }
      : {}),
    messageId: message.id,
    messageType: message.type,
    peer,
  };
}

export type MessageAbout = ReturnType<typeof aboutMessage>;
