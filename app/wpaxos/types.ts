/**
 * WPaxos (Ailijiang, Charapko, Demirbas, Kosar): multi-leader Paxos over zones. A placement group's six
 * members form a grid, one column per datacenter (zone) and two rows; every object (client key) has its
 * own ballot, its own leader and its own slot log. Phase 1 (a steal) runs over Q1 = a majority of nodes in
 * Z−F zones, phase 2 over Q2 = a majority of nodes in F+1 zones, so with F = 0 a leader commits inside its
 * own zone. Everything here is plain data.
 */
import type { RepliedEvent } from '../protocol/core-step';
import type { InputRejectedEvent } from '../protocol/input-rejection';
import type { ApplyResult, Command, KvEntry, UntaggedCommand } from '../multipaxos/types';
import type { ClientRequest, NodeId } from '../paxos/types';
import type { NodeBase } from '../protocol/node-base';
import type { PrngState } from '../util/prng';

export type { ApplyResult, ClientCommand, Command, KvEntry, UntaggedCommand } from '../multipaxos/types';

/**
 * A ballot number: round × 6 + the leader's position in its group's members, so ballots of different
 * nodes never tie and the leader of a ballot is `members[ballot mod 6]`. 0: none yet.
 */
export type Ballot = number;

/** What an acceptor holds at one slot of an object's log: the command accepted in the highest ballot. */
export interface SlotEntry {
  slot: number;
  ballot: Ballot;
  command: Command;
  chosen: boolean;
}

/** Durable: the highest ballot this node promised for `object`. Key `promise/${object}`. */
export interface PromiseRecord {
  key: string;
  kind: 'promise';
  object: string;
  ballot: Ballot;
}

/** Durable: one slot of an object's log. Key `slot/${slot}/${object}`. */
export interface SlotRecord extends SlotEntry {
  key: string;
  kind: 'slot';
  object: string;
}

/**
 * An object's state machine as of `slot`: every slot up to it applied. What a node keeps instead of the
 * slots it dropped, and what it sends a node that asks for slots it no longer has.
 */
export interface ObjectSnapshot {
  slot: number;
  /** The object's value, version and dedup window after `slot`. */
  entry: KvEntry;
  /** The locality window after `slot` (replicated state, like the value). */
  recentZones: Zone[];
}

/** Durable: the object's newest snapshot. Key `snapshot/${object}`. */
export interface SnapshotRecord extends ObjectSnapshot {
  key: string;
  kind: 'snapshot';
  object: string;
}

export type WPaxosRecord = PromiseRecord | SlotRecord | SnapshotRecord;

export type * from './messages';

/** Why a node steals an object: nobody leads it, its leader fell silent, or this zone asks for it most. */
export type StealReason = 'noLeader' | 'leaderSilent' | 'locality';

/** Zones are numbered 0..2 by the group's datacenter order; text names them zone 1..3. */
export type Zone = number;

export type WPaxosEvent =
  | {
      type: 'steal';
      key: string;
      ballot: Ballot;
      zone: Zone;
      reason: StealReason;
      /** Requests from this zone among the object's last `window` applied requests (window ≤ 10). */
      share: number;
      window: number;
      /** The zones whose majorities phase 1 needs: Z − F of them. */
      q1Zones: number;
      /** Every member of the object's grid: the thief asks them all (and promises itself). */
      members: NodeId[];
    }
  | {
      type: 'stole';
      key: string;
      ballot: Ballot;
      /** The thief, now the object's leader. */
      leader: NodeId;
      zone: Zone;
      promisedZones: Zone[];
      /** The members whose promises made the Q1, the thief included. */
      promisers: NodeId[];
      openSlots: number;
    }
  | { type: 'stealLost'; key: string; ballot: Ballot; by: Ballot; leader: NodeId }
  | { type: 'promise'; key: string; ballot: Ballot; peer: NodeId; entries: number }
  | {
      /** An acceptor said no to a prepare or an accept of `peer`'s ballot: it promised a higher one. */
      type: 'refused';
      key: string;
      what: 'prepare' | 'accept';
      ballot: Ballot;
      /** The slot an accept was for; 0 for a prepare. */
      slot: number;
      promised: Ballot;
      peer: NodeId;
    }
  | {
      type: 'slotAccepted';
      key: string;
      slot: number;
      ballot: Ballot;
      tag: string;
      command: string;
      own: boolean;
      /** The leader that asked (the node itself when `own`). */
      peer: NodeId;
      /** Every member of the grid, when `own`: the leader asks them all; empty otherwise. */
      members: NodeId[];
    }
  | {
      type: 'slotChosen';
      key: string;
      slot: number;
      ballot: Ballot;
      tag: string;
      command: string;
      q2Zones: Zone[];
      /** The members whose accepts made the Q2 (the leader's count); empty when learned from a peer. */
      acks: NodeId[];
    }
  | {
      type: 'slotApplied';
      key: string;
      slot: number;
      tag: string;
      requestId: string | null;
      result: ApplyResult['kind'];
      version: number;
    }
  | { type: 'noopFilled'; key: string; slot: number; ballot: Ballot }
  | { type: 'forwarded'; key: string; requestId: string; peer: NodeId; ballot: Ballot }
  | { type: 'catchUp'; key: string; fromSlot: number; toSlot: number; peer: NodeId }
  | {
      /** The object's state as of `slot` is kept as a snapshot; slots up to `dropped` left memory and disk. */
      type: 'snapshotTaken';
      key: string;
      slot: number;
      version: number;
      dropped: number;
    }
  | {
      /** This node was behind the slots `peer` still has: it took `peer`'s snapshot instead. */
      type: 'snapshotInstalled';
      key: string;
      fromSlot: number;
      slot: number;
      version: number;
      peer: NodeId;
    }
  | { type: 'learnerOnly'; key?: string; on: boolean; reason: string }
  | RepliedEvent
  | InputRejectedEvent;

/** A slot the leader proposed in its ballot and waits to see chosen by a Q2. */
export interface Proposal {
  command: Command;
  /** Members that accepted it in this ballot, the leader included. */
  acks: NodeId[];
  resendAtMs: number;
}

/** Volatile: present only while this node steals (phase 1) or leads (phase 2) the object. */
export interface LeadState {
  ballot: Ballot;
  phase: 'stealing' | 'serving';
  /** Phase 1 replies by member, the leader's own included. */
  promises: Record<NodeId, SlotEntry[]>;
  /**
   * The highest log base a promise reported, and who reported it: slots up to it are chosen and dropped
   * there, so the thief catches up past it before it reconciles (it cannot see them in the promises).
   */
  catchUpTo: number;
  catchUpFrom: NodeId | null;
  proposals: Record<number, Proposal>;
  nextSlot: number;
  /** Commands that arrived during phase 1, with their local deadline. */
  queue: { command: UntaggedCommand; deadlineMs: number }[];
  /** Attempts proposed in this ballot and not yet applied: a resent forward is not proposed twice. */
  proposedAttempts: Record<string, number>;
  startedAtMs: number;
  resendAtMs: number;
}

/** One object (client key) as this node holds it. */
export interface ObjectState {
  key: string;
  group: string;
  /** Durable: the highest ballot promised, 0 before any. */
  promised: Ballot;
  /** Durable: accepted and chosen entries by slot. */
  log: Record<number, SlotEntry>;
  maxSlot: number;
  /** Every slot up to here is chosen, known and applied. */
  commitPoint: number;
  /** Slots up to here are dropped from `log` (and their records may be overwritten): `snapshot` covers them. */
  logBase: number;
  /** The newest snapshot (durable), null before the first. */
  snapshot: ObjectSnapshot | null;
  /** Origin zones of the last `localityWindow` applied client commands, oldest first (replicated state). */
  recentZones: Zone[];
  /** The highest ballot heard of; its leader is the one requests are forwarded to. */
  leaderBallot: Ballot;
  /** When the leader of `leaderBallot` was last heard from. */
  leaderHeardAtMs: number;
  /** No new steal before this time (after a lost one; drawn from the seeded generator). */
  stealAfterMs: number;
  catchUpAtMs: number;
  lead: LeadState | null;
  /**
   * After a wiped disk: false until the zone partner reported its promise for the object; until then
   * the node neither promises nor accepts for it. Always true on a node that kept its disk.
   */
  relearned: boolean;
  /** When the partner is asked (again); -1 before the first ask. */
  relearnAtMs: number;
}

/** A client request waiting on the node it reached, until the slot that settles it is applied here. */
export interface PendingRequest {
  request: ClientRequest;
  key: string;
  /** `${self}:${seq}`: the reply says 'leader' only for this attempt's slot. */
  attempt: string;
  deadlineMs: number;
  arrivedAtVersion: number;
  arrivedAtMs: number;
  /** When the command is forwarded (again) to the leader. */
  forwardAtMs: number;
  /** When it was first forwarded to the leader of `forwardedBallot`; null before any forward. */
  forwardedAtMs: number | null;
  forwardedBallot: Ballot;
}

export interface WPaxosNodeState extends NodeBase {
  prng: PrngState;
  /** F, the zone failures tolerated (validated on start). */
  zoneFailures: number;
  objects: Record<string, ObjectState>;
  /** The state machine: every object's applied value, version and dedup window. */
  kv: Record<string, KvEntry>;
  pending: Record<string, PendingRequest>;
  /** True after a start on a wiped disk: objects are relearned one by one from their zone partner. */
  learnerFlagOnDisk: boolean;
  jitterMs: number;
}
