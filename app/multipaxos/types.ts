/**
 * Leader-based multi-Paxos, as the PaxStore student report designs it and made safe: one leader per
 * placement group orders every command of the group into one slot log. Phase 1 runs once per view
 * (the leader of view v is members[v mod 6]); phase 2 runs per slot; every member applies the chosen
 * slots in order to the same key-value state machine. Everything here is plain data.
 */
import type { RepliedEvent } from '../protocol/core-step';
import type { InputRejectedEvent } from '../protocol/input-rejection';
import type { AppliedRequest, ClientRequest, KvOperation, NodeId } from '../paxos/types';
import type { NodeBase } from '../protocol/node-base';
import type { PrngState } from '../util/prng';

/** A client operation as the log orders it. The caller's deadline stays behind: clocks are per node. */
export interface ClientCommand {
  kind: 'client';
  /** `${leader}/${view}/${slot}` of its first proposal; a re-proposal keeps it, so it names the command. */
  tag: string;
  requestId: string;
  operation: KvOperation;
  /** The node the client asked, and that node's attempt id: only that attempt's reply says 'prepare'. */
  origin: NodeId;
  attempt: string;
  /**
   * The key's version on the origin when the request arrived. At apply time a write whose request id
   * is no longer in the dedup window is refused INDETERMINATE once the key moved more than the window
   * past this point, since an earlier attempt could have been applied and forgotten in between.
   */
  arrivedAtVersion: number;
}

/** Fills a slot the new leader found no accepted command for. */
export interface NoopCommand {
  kind: 'noop';
  tag: string;
}

export type Command = ClientCommand | NoopCommand;

/** A command before the leader gives it a slot and a tag. */
export type UntaggedCommand = Omit<ClientCommand, 'tag'>;

/** What an acceptor holds at one slot: the command accepted in the highest view, chosen or not. */
export interface SlotEntry {
  slot: number;
  /** The view the command was accepted in (for a chosen entry learned by catch-up: the view it came with). */
  view: number;
  command: Command;
  chosen: boolean;
}

/** Durable: the highest view this acceptor promised in its group. Key `${group}/promise`. */
export interface PromiseRecord {
  key: string;
  kind: 'promise';
  group: string;
  view: number;
}

/** Durable: one slot of the group's log. Key `${group}/slot/${slot}`. */
export interface SlotRecord extends SlotEntry {
  key: string;
  kind: 'slot';
  group: string;
}

export type MultiPaxosRecord = PromiseRecord | SlotRecord;

export type * from './messages';

/** How a chosen slot's command changed the state machine; every replica computes the same. */
export type ApplyResult =
  | { kind: 'noop' }
  | { kind: 'read'; version: number; value: Uint8Array | null }
  | { kind: 'written'; version: number }
  | { kind: 'dedup'; applied: AppliedRequest }
  | { kind: 'conflict'; currentVersion: number }
  | { kind: 'indeterminate'; version: number };

/**
 * Why a node moved to another view: its leader fell silent, pending work made no progress, the view
 * change it joined stalled, it led without a majority answering, it joined others' view change, it
 * restarted in a view it may not lead again, or (as a leader) it heard of a higher view.
 */
export type ViewChangeReason =
  'leaderSilent' | 'noProgress' | 'electionStalled' | 'quorumLost' | 'joined' | 'restarted' | 'superseded';

export type MultiPaxosEvent =
  | { type: 'viewChange'; group: string; view: number; reason: ViewChangeReason }
  | { type: 'leaderElected'; group: string; view: number; leader: NodeId; openSlots: number }
  | { type: 'prepare'; group: string; view: number; commitPoint: number }
  | { type: 'promise'; group: string; view: number; peer: NodeId; entries: number }
  | { type: 'slotAccepted'; group: string; slot: number; view: number; tag: string; command: string }
  | { type: 'slotChosen'; group: string; slot: number; view: number; tag: string; command: string }
  | {
      type: 'slotApplied';
      group: string;
      slot: number;
      tag: string;
      key: string | null;
      requestId: string | null;
      result: ApplyResult['kind'];
      version: number;
    }
  | { type: 'noopFilled'; group: string; slot: number; view: number }
  | { type: 'forwarded'; group: string; requestId: string; peer: NodeId; view: number }
  | { type: 'catchUp'; group: string; fromSlot: number; toSlot: number; peer: NodeId }
  | { type: 'learnerOnly'; group: string | null; on: boolean; reason: string }
  | RepliedEvent
  | InputRejectedEvent;

/** The key-value state machine's entry for one key. */
export interface KvEntry {
  /** Grows by one with every applied put, delete or successful cas; 0 for a key never written. */
  version: number;
  /** Null when the key does not exist (never written, or deleted). */
  value: Uint8Array | null;
  /** The last dedupWindow writes applied to this key, newest last. */
  requests: AppliedRequest[];
}

/** A slot the leader proposed in its view and waits to see chosen. */
export interface Proposal {
  command: Command;
  /** Members that accepted it in this view, the leader included. */
  acks: NodeId[];
  resendAtMs: number;
}

/** Volatile: present only on the node that leads the group's current view. */
export interface LeaderState {
  view: number;
  phase: 'preparing' | 'serving';
  /** Phase 1 replies by member, the leader's own included. */
  promises: Record<NodeId, SlotEntry[]>;
  proposals: Record<number, Proposal>;
  /** The next slot a new command gets. */
  nextSlot: number;
  /** Commands that arrived while preparing, with their local deadline. */
  queue: { command: UntaggedCommand; deadlineMs: number }[];
  /** Attempts proposed in this view and not yet applied: a resent forward is not proposed twice. */
  proposedAttempts: Record<string, number>;
  /** When each member last answered this leader (check-quorum). */
  heardAtMs: Record<NodeId, number>;
  startedAtMs: number;
  resendAtMs: number;
  heartbeatAtMs: number;
}

/** Volatile: set from a wiped disk until the group's log is relearned from a majority. */
export interface LearnerState {
  /** Commit point and promise each other member reported. */
  reports: Record<NodeId, { commitPoint: number; promised: number }>;
  /** Fixed once majority - 1 other members reported: the commit point to reach before voting. */
  target: number | null;
  askAtMs: number;
}

/** One placement group's log as this member holds it. */
export interface GroupState {
  id: string;
  /** The group's six members; the leader of view v is members[v mod 6]. */
  members: NodeId[];
  /** Durable: the highest view promised, -1 before any promise. */
  promised: number;
  /** Durable: accepted and chosen entries by slot. */
  log: Record<number, SlotEntry>;
  /** The highest slot in `log`, 0 when empty. */
  maxSlot: number;
  /** Every slot up to here is chosen, known and applied. */
  commitPoint: number;
  /** The state machine, rebuilt on restart by replaying the chosen slots. */
  kv: Record<string, KvEntry>;
  view: number;
  /** normal: following (or leading) `view`; viewChange: asking a majority to install `view`. */
  status: 'normal' | 'viewChange';
  /** View-change votes per view above the current one, senders only. */
  votes: Record<number, NodeId[]>;
  /** When the current view or view change began. */
  statusSinceMs: number;
  /** The last time the view's leader was heard from (a follower's heartbeat timer). */
  leaderHeardAtMs: number;
  /** The last time the commit point moved or a view was installed (the progress timer). */
  progressAtMs: number;
  /** Jitter drawn from the seeded generator, so timers of different nodes do not fire together. */
  jitterMs: number;
  /** When an open view change sends its vote again. */
  voteResendAtMs: number;
  /** Set while this node leads `view`. */
  leader: LeaderState | null;
  /** The earliest time of the next catch-up request (one outstanding at a time). */
  catchUpAtMs: number;
  /** Set while relearning the group's log after a wiped disk; the node neither promises nor accepts. */
  learner: LearnerState | null;
}

/** A client request waiting on the node it reached, until the slot that settles it is applied here. */
export interface PendingRequest {
  request: ClientRequest;
  group: string;
  /** `${self}:${seq}`, carried by the command: the reply says 'prepare' only for this attempt's slot. */
  attempt: string;
  /** The caller's deadline on this node's clock, or the request timeout from arrival. */
  deadlineMs: number;
  /** The key's version here on arrival (see ClientCommand.arrivedAtVersion). */
  arrivedAtVersion: number;
  arrivedAtMs: number;
  /** When the command is forwarded (again) to the leader. */
  forwardAtMs: number;
}

export interface MultiPaxosNodeState extends NodeBase {
  prng: PrngState;
  /** The placement groups this node is a member of, by id. */
  groups: Record<string, GroupState>;
  /** Client requests waiting here, by request id. */
  pending: Record<string, PendingRequest>;
  /** True from a learner-only start until the step that clears the node's durable learner flag. */
  learnerFlagOnDisk: boolean;
}
