/** The messages replicas exchange: the two Paxos phases, the fast path, catch-up, read probes and learner scans. */
import type { Ballot, EntryValue, NodeId, PLogHeader } from './types';

/** Every PaxosKV peer message type, in the order the console lists them. */
export const peerMessageTypes = [
  'prepare',
  'promise',
  'accept',
  'accepted',
  'fastAccept',
  'fastAccepted',
  'chosen',
  'getChosen',
  'readProbe',
  'probeReply',
  'keyScan',
  'keyScanReply',
] as const;
export type PeerMessageType = (typeof peerMessageTypes)[number];

/** Common fields of every message between replicas. */
interface MessageBase {
  /** Unique per sender: `${from}:${counter}`. Links a send to its receive in the event stream. */
  id: string;
  from: NodeId;
  to: NodeId;
  key: string;
  index: number;
}

/** Phase 1a: ask for a promise not to accept below `ballot` at `index`. */
export interface PrepareMessage extends MessageBase {
  type: 'prepare';
  ballot: Ballot;
}

/**
 * Reply to a prepare, an accept or a fast accept. `ok` says whether the acceptor granted what was
 * asked; either way it reports its promised ballot and accepted ballot and value, so the proposer can
 * adopt a value or choose a higher ballot.
 */
export interface AcceptorReply extends MessageBase {
  type: 'promise' | 'accepted' | 'fastAccepted';
  /** The ballot of the request this answers. */
  ballot: Ballot;
  ok: boolean;
  promised: Ballot;
  accepted: Ballot | null;
  value: EntryValue | null;
}

/** Phase 2a (slow path) or the one-round-trip fast accept at counter 0. */
export interface AcceptMessage extends MessageBase {
  type: 'accept' | 'fastAccept';
  ballot: Ballot;
  value: EntryValue;
}

/** The value chosen at `index`; also the answer to any stale message and to getChosen. */
export interface ChosenMessage extends MessageBase {
  type: 'chosen';
  /** The ballot the value was chosen with, as the sender knows it. */
  ballot: Ballot;
  value: EntryValue;
}

/** Catch-up request: "send me your newest chosen entry of `key`" (index 0 means newest). */
export interface GetChosenMessage extends MessageBase {
  type: 'getChosen';
}

/** A read's probe of a peer's PLog header. `readId` links the reply to the read. */
export interface ReadProbeMessage extends MessageBase {
  type: 'readProbe';
  readId: string;
}

export interface ProbeReplyMessage extends MessageBase {
  type: 'probeReply';
  readId: string;
  header: PLogHeader;
  /** True when the peer has an unchosen instance at header.maxIndex. */
  pending: boolean;
}

/** A learner-only node asks a peer for the keys they share, in key order after `afterKey`. */
export interface KeyScanMessage extends MessageBase {
  type: 'keyScan';
  afterKey: string;
  limit: number;
}

export interface KeyScanReplyMessage extends MessageBase {
  type: 'keyScanReply';
  entries: { key: string; maxIndex: number; chosenIndex: number }[];
  /** The last key of this page, or null when the scan is complete. */
  nextAfterKey: string | null;
}

export type PeerMessage =
  | PrepareMessage
  | AcceptorReply
  | AcceptMessage
  | ChosenMessage
  | GetChosenMessage
  | ReadProbeMessage
  | ProbeReplyMessage
  | KeyScanMessage
  | KeyScanReplyMessage;
