/**
 * WPaxos's peer messages, each about one object (its envelope key is the client key): phase 1 of a steal
 * (prepare, promise), phase 2 (accept, accepted), the leader's commit of chosen slots, a non-leader's
 * forwarded command, and catch-up of chosen slots (also how a wiped node relearns an object's promise).
 */
import type { NodeId } from '../paxos/types';
import type { Ballot, Command, ObjectSnapshot, SlotEntry, UntaggedCommand } from './types';

/**
 * A message's ballot is `ballotNumber`: the shells read a top-level `ballot` as PaxosKV's (counter, role)
 * pair, and a WPaxos ballot is one number.
 */
interface MessageBase {
  id: string;
  from: NodeId;
  to: NodeId;
  /** The object. */
  key: string;
}

/** Phase 1 of a steal: promise `ballot` and report what you accepted above my commit point. */
export interface PrepareMessage extends MessageBase {
  type: 'prepare';
  ballotNumber: Ballot;
  commitPoint: number;
}

export interface PromiseMessage extends MessageBase {
  type: 'promise';
  ballotNumber: Ballot;
  /** False: refused, because `promised` is higher. */
  ok: boolean;
  promised: Ballot;
  /** Every entry above the prepare's commit point, chosen ones flagged. Empty when refused. */
  entries: SlotEntry[];
  /** Slots up to here are dropped from the sender's log (chosen, in its snapshot): not in `entries`. */
  logBase: number;
}

export interface AcceptMessage extends MessageBase {
  type: 'accept';
  ballotNumber: Ballot;
  slot: number;
  command: Command;
  commitPoint: number;
}

export interface AcceptedMessage extends MessageBase {
  type: 'accepted';
  ballotNumber: Ballot;
  slot: number;
  ok: boolean;
  promised: Ballot;
}

/** From the leader of `ballot`: these slots are chosen, and so is every slot up to `commitPoint`. */
export interface CommitMessage extends MessageBase {
  type: 'commit';
  ballotNumber: Ballot;
  entries: SlotEntry[];
  commitPoint: number;
}

/** A non-leader hands a client's command to the object's leader; resent until the outcome is applied. */
export interface ForwardMessage extends MessageBase {
  type: 'forward';
  command: UntaggedCommand;
  remainingMs: number;
  /** The sender's commit point: the leader's answer carries the chosen slots above it. */
  commitPoint: number;
}

export interface CatchUpMessage extends MessageBase {
  type: 'catchUp';
  fromSlot: number;
}

export interface CatchUpReplyMessage extends MessageBase {
  type: 'catchUpReply';
  /** When the asked slot is dropped here: the snapshot that covers it; `entries` then follow its slot. */
  snapshot: ObjectSnapshot | null;
  /** Chosen entries from the asked slot (or the snapshot's next) on, contiguous, at most catchUpBatchMax. */
  entries: SlotEntry[];
  commitPoint: number;
  promised: Ballot;
}

export type WPaxosMessage =
  | PrepareMessage
  | PromiseMessage
  | AcceptMessage
  | AcceptedMessage
  | CommitMessage
  | ForwardMessage
  | CatchUpMessage
  | CatchUpReplyMessage;
export type WPaxosMessageType = WPaxosMessage['type'];
