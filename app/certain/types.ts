/**
 * PaxosCertain, PaxosStore's "PaxosLog + DB" design (../shared/design/paxosstore-reference.md §1–3b):
 * each key is an entity with its own log of entries; each (entity, entry) is one Paxos instance whose
 * acceptor record is persisted in the PLog. Every message carries the sender's own record and its view
 * of the receiver's, and the chosen entries are applied to a separate DB in entry order. Everything
 * here is plain data.
 */
import type { RepliedEvent } from '../protocol/core-step';
import type { InputRejectedEvent } from '../protocol/input-rejection';
import type { ClientRequest, NodeId } from '../paxos/types';
import type { NodeBase } from '../protocol/node-base';
import type { PrngState } from '../util/prng';
import type { ApplyResult, Command, KvEntry } from '../multipaxos/types';

export type { ApplyResult, Command, KvEntry };

/**
 * One acceptor's state at one (entity, entry): what it proposed, promised and accepted. Ballots are
 * numbered per replica (ballot.ts); 0 means none. A value is present exactly when `accepted` > 0.
 */
export interface EntryRecord {
  /** The ballot of this node's own latest proposal at the entry (its "prepare"), 0 when none. */
  prepared: number;
  promised: number;
  accepted: number;
  value: Command | null;
  chosen: boolean;
}

/** A record's numbers without its value: what a sender says of the receiver's record (its view). */
export type EntryHeader = Omit<EntryRecord, 'value'>;

/**
 * Durable: this node's own record at one entry of one entity, the PLog row. The PLog is a ring of
 * plogRingSize rows per entity (trim.ts): entry e lives at key `plog/${e mod plogRingSize}/${entity}`,
 * so writing entry e overwrites entry e − plogRingSize, which the DB applied and trimmed long before.
 */
export interface PlogRecord extends EntryRecord {
  key: string;
  kind: 'plog';
  entity: string;
  entry: number;
}

/**
 * Durable: the DB row of one entity, written after the PLog: the key's state with every chosen entry
 * up to `committed` applied, in order. Key `db/${entity}`. Its presence on a node that lost its disk
 * also says the entity was relearned (learner.ts).
 */
export interface DbRecord extends KvEntry {
  key: string;
  kind: 'db';
  entity: string;
  /** max_committed_entry: every entry up to here is applied to this row. */
  committed: number;
  /**
   * On a node that relearned the entity after a wiped disk: the highest entry some replica knew chosen
   * then. It votes only above it (below, it may have forgotten promises) and only learns below. 0 otherwise.
   */
  learnedFloor: number;
  /**
   * Entries up to here are applied and trimmed: their PLog rows are gone or may be overwritten, and
   * this node never votes there again (trim.ts). A peer that needs one gets this row as a snapshot.
   */
  trimmed: number;
  /**
   * This node's life on the entity: 0 until it first loses its disk, then a number above every
   * earlier life's, claimed from both other replicas while relearning (learner.ts). Every message
   * carries it, so a message from an earlier life is recognised.
   */
  incarnation: number;
  /**
   * Per other replica, the lowest incarnation whose messages this node still takes: raised when that
   * replica claims a new life after a wiped disk; messages of its earlier lives are then ignored.
   */
  fences: Record<NodeId, number>;
}

/** A DB row as a snapshot a replica sends to one whose missing entries it has trimmed. */
export type DbSnapshot = Pick<DbRecord, 'committed' | 'version' | 'value' | 'requests'>;

export type CertainRecord = PlogRecord | DbRecord;

/**
 * The one message kind. `record` is the sender's own record at (key, entry), `view` what it last heard
 * of the receiver's; the receiver adopts what is newer and answers only when its own record changed or
 * the sender's view of it is stale. `learn` asks (or answers) a relearning replica (learner.ts).
 */
export interface EntryStateMessage {
  id: string;
  type: 'entryState';
  from: NodeId;
  to: NodeId;
  /** The entity (the client's key). */
  key: string;
  entry: number;
  record: EntryRecord;
  /**
   * The sender's view of the receiver's record, without the value: the receiver only asks whether its
   * own record is newer, and the value it holds itself would double the message (reference §7's
   * value-id-only messages).
   */
  view: EntryHeader;
  /** The highest entry the sender knows chosen (the receiver learns it is behind). */
  maxChosen: number;
  /** The sender's incarnation on the entity (DbRecord.incarnation): a lower one than fenced is ignored. */
  incarnation: number;
  /** Relearning a wiped replica (learner.ts), null otherwise. */
  learn: LearnStep | null;
  /** The sender's DB row, when the receiver asked for an entry the sender has trimmed (trim.ts). */
  snapshot: DbSnapshot | null;
}

/**
 * The relearning exchange (learner.ts), each with the relearning replica's nonce:
 * - 'ask': which of my incarnations do you know? answered by 'known' (`count` = the highest);
 * - 'claim': I am the message's incarnation now; fence my earlier lives, then 'report' your
 *   max_chosen_entry (the message's), your record above it and your max_plog_entry (`count`);
 * - 'finish': I wait for `entry` to be chosen, so a replica that can should finish it.
 */
export interface LearnStep {
  kind: LearnKind;
  nonce: number;
  /** 'known': the highest incarnation of the asker the sender knows; 'report': its max_plog_entry; else 0. */
  count: number;
}

export const learnKinds = ['ask', 'known', 'claim', 'report', 'finish'] as const;
export type LearnKind = (typeof learnKinds)[number];

export type CertainMessage = EntryStateMessage;
export type CertainMessageType = CertainMessage['type'];
export const certainMessageTypes: readonly CertainMessageType[] = ['entryState'];

/** This node's proposal at one entry of an entity, while it drives one. */
export interface Proposal {
  entry: number;
  ballot: number;
  /** Pre-authorised ballot (1..N): accepted at once, one round trip. */
  fast: boolean;
  /** The command it proposes for its client, when it has one waiting. */
  command: Command | null;
  rounds: number;
  /** When it sends its record again, or (beaten) prepares a higher ballot. */
  retryAtMs: number;
}

/** A client request waiting on the node it reached until the entry carrying it is applied here. */
export interface PendingRequest {
  request: ClientRequest;
  /** `${self}:${seq}`, the command's tag: only this attempt's entry may answer a read or a conflict. */
  attempt: string;
  deadlineMs: number;
  /** The key's version in this node's DB on arrival (see multipaxos ClientCommand.arrivedAtVersion). */
  arrivedAtVersion: number;
  /** Entries this request lost to other values, bounded by timing.roundsMax. */
  entriesLost: number;
  /** The entry its latest proposal targeted, if it was proposed. */
  proposedAt?: number;
}

/**
 * Relearning one entity after a wiped disk: asking every other replica which incarnation of this node
 * it knows, claiming the next one from all of them (each fences the earlier lives and reports), then,
 * with the floor known, finishing: learning every entry up to the floor chosen (asking the others to
 * finish the lowest one still open) before serving again.
 */
export interface Relearning {
  phase: 'asking' | 'claiming' | 'finishing';
  nonce: number;
  /** Per other replica, the highest incarnation of this node it knows ('known' answers). */
  known: Record<NodeId, number>;
  reports: Record<
    NodeId,
    { maxChosen: number; maxPlogEntry: number; entry: number; record: EntryRecord; incarnation: number }
  >;
  /** Rounds of asks sent so far. */
  asks: number;
  askAtMs: number;
}

/** Everything one node holds about one entity. */
export interface EntityState {
  key: string;
  /** The entity's three replicas, roles A, B, C: acceptor ids 0, 1, 2. */
  replicas: NodeId[];
  /** This node's acceptor id (its index in `replicas`). */
  selfId: number;
  /** Durable: this node's record per entry (the PLog). */
  plog: Record<number, EntryRecord>;
  /** Volatile: per entry, the last record each peer sent of itself (its own record is in `plog`). */
  views: Record<number, Record<NodeId, EntryRecord>>;
  /** max_chosen_entry: the highest entry anyone reported chosen. */
  maxChosen: number;
  /** Durable: the DB row (the key's state after `db.committed`). */
  db: DbRecord;
  proposal: Proposal | null;
  /** Client requests by arrival, the head being served. */
  queue: PendingRequest[];
  /** When the next catch-up request for chosen entries goes out. */
  catchUpAtMs: number;
  /** Set while this entity is being relearned after a wiped disk. */
  relearning: Relearning | null;
}

export type CertainEvent =
  | { type: 'proposed'; key: string; entry: number; ballot: number; fast: boolean; requestId: string | null }
  | { type: 'promised'; key: string; entry: number; ballot: number; peer: NodeId }
  | { type: 'accepted'; key: string; entry: number; ballot: number; command: string; peer: NodeId | null }
  | { type: 'chosen'; key: string; entry: number; ballot: number; command: string }
  | {
      type: 'applied';
      key: string;
      entry: number;
      result: ApplyResult['kind'];
      version: number;
      requestId: string | null;
    }
  /** After a restart: chosen entries in the PLog that the DB had not applied yet, replayed into it. */
  | { type: 'replayed'; key: string; fromEntry: number; toEntry: number }
  | { type: 'relearning'; key: string; on: boolean; reason: string }
  /** A message from an earlier life of `peer` (before its disk was wiped) arrived late and was ignored. */
  | { type: 'fenced'; key: string; entry: number; peer: NodeId; incarnation: number; fence: number }
  /** Its DB was behind `peer`'s trimmed entries: it took `peer`'s DB row up to `committed` instead. */
  | { type: 'snapshot'; key: string; peer: NodeId; fromEntry: number; committed: number }
  | RepliedEvent
  | InputRejectedEvent;

export interface CertainNodeState extends NodeBase {
  prng: PrngState;
  entities: Record<string, EntityState>;
  /** True on a node started from a wiped disk: an entity without a DB row must be relearned first. */
  wiped: boolean;
  /** How many client requests wait on this node, across entities (pendingRequestsMax bounds it). */
  pendingCount: number;
  /**
   * Entities with chosen entries their DB has not applied: applied at the start of the next step
   * ('replay' after a restart, when the PLog got ahead of the DB before the crash).
   */
  applyDue: Record<string, 'apply' | 'replay'>;
  /**
   * The entities a tick visits: every entity a step touched, until a tick finds it idle (no request
   * waiting, no proposal, not relearning, its DB caught up), when a tick would do nothing for it. Keeps
   * a tick's cost to the busy keys, not all the keys the node holds.
   */
  awake: Record<string, true>;
}
