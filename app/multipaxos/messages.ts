/**
 * The peer messages of leader multi-Paxos: view changes, phase 1 (prepare, promise), phase 2 (accept,
 * accepted), the leader's heartbeat carrying its commit point, a non-leader's forwarded command, and
 * catch-up of chosen slots.
 */
import type { NodeId } from '../paxos/types';
import type { Command, SlotEntry, UntaggedCommand } from './types';

/**
 * Every message is about one placement group's log, not one key, so its envelope `key` is the group id
 * (repeated as `group`); commands inside carry their own keys.
 */
interface MessageBase {
  id: string;
  from: NodeId;
  to: NodeId;
  key: string;
  group: string;
}

/** "I want to leave my view for `view`." A majority of these installs the view. */
export interface ViewChangeMessage extends MessageBase {
  type: 'viewChange';
  view: number;
}

/** Phase 1, once per view: report what you accepted above my commit point. */
export interface PrepareMessage extends MessageBase {
  type: 'prepare';
  view: number;
  commitPoint: number;
}

export interface PromiseMessage extends MessageBase {
  type: 'promise';
  view: number;
  /** False: refused, because `promised` is higher. */
  ok: boolean;
  promised: number;
  commitPoint: number;
  /** Every entry above the prepare's commit point, chosen ones flagged. Empty when refused. */
  entries: SlotEntry[];
}

/** Phase 2, per slot. Carries the leader's commit point, so a busy leader needs no separate commit. */
export interface AcceptMessage extends MessageBase {
  type: 'accept';
  view: number;
  slot: number;
  command: Command;
  commitPoint: number;
}

export interface AcceptedMessage extends MessageBase {
  type: 'accepted';
  view: number;
  slot: number;
  ok: boolean;
  promised: number;
}

/** The leader's heartbeat: every slot up to `commitPoint` is chosen. */
export interface CommitMessage extends MessageBase {
  type: 'commit';
  view: number;
  commitPoint: number;
}

/** A follower's answer to a heartbeat; ok false tells a stale leader that a higher view exists. */
export interface CommitAckMessage extends MessageBase {
  type: 'commitAck';
  view: number;
  ok: boolean;
  /** The highest view the follower promised or follows. */
  currentView: number;
  commitPoint: number;
}

/** A non-leader hands a client's command to its leader; resent until the outcome is applied. */
export interface ForwardMessage extends MessageBase {
  type: 'forward';
  command: UntaggedCommand;
  /** Milliseconds left before the caller's deadline when sent; clocks are not shared between nodes. */
  remainingMs: number;
}

export interface CatchUpMessage extends MessageBase {
  type: 'catchUp';
  fromSlot: number;
}

export interface CatchUpReplyMessage extends MessageBase {
  type: 'catchUpReply';
  /** Chosen entries from the asked slot on, contiguous, at most catchUpBatchMax. */
  entries: SlotEntry[];
  commitPoint: number;
  promised: number;
}

export type MultiPaxosMessage =
  | ViewChangeMessage
  | PrepareMessage
  | PromiseMessage
  | AcceptMessage
  | AcceptedMessage
  | CommitMessage
  | CommitAckMessage
  | ForwardMessage
  | CatchUpMessage
  | CatchUpReplyMessage;
export type MultiPaxosMessageType = MultiPaxosMessage['type'];
