/**
 * The vocabulary of the PaxosKV core: what it remembers, what it receives and what it asks its shell
 * to do. Everything here is plain data (structured-clone safe) so that the agent, the simulator, the
 * renderer and the tests can hold, copy and compare it.
 */
import type { PrngState } from '../util/prng';
import type { ClientErrorCode, ClientReply, ClientRequest, ReplyPath } from '../kv/operations';
import type { PeerMessage } from './peer-messages';

/** A node's id as the topology names it, for example "n0". */
export type NodeId = string;

/** A key's role number inside its replica set: 1 = A, 2 = B, 3 = C. */
export type Role = 1 | 2 | 3;

/**
 * A proposal number. Ordered by counter, then role. Counter 0 is the fast band: only the node whose
 * value was chosen at the previous index may use it, and only acceptors that accepted nothing at the
 * index accept it.
 */
export interface Ballot {
  counter: number;
  role: number;
}

/**
 * A client request that a chosen entry applied, remembered inside later values so that any replica
 * holding the key's latest value can answer a retry of it (see docs/exactly-once.md).
 */
export interface AppliedRequest {
  requestId: string;
  /** The key's version that request produced. */
  version: number;
  /** The entry index it was chosen at. */
  index: number;
}

/** The value a PaxosKV entry carries: the key's whole new state (PLog-as-value). */
export interface EntryValue {
  /** The client request that produced this value; "" for a no-op written by a read's redo. */
  requestId: string;
  /** The node that proposed it; that node may use the fast band at the next index. */
  owner: NodeId;
  /** The key's version after this entry: one more than the previous write, unchanged by a no-op. */
  version: number;
  /** True when the entry deletes the key. */
  deleted: boolean;
  data: Uint8Array;
  /**
   * The requests applied by the entries before this one, newest last, at most CoreConfig.dedupWindow.
   * Copied forward from the value chosen at the previous index, so a catch-up jump brings it along.
   */
  requests: AppliedRequest[];
}

/** One Paxos instance of a key's PLog: the durable acceptor record at one entry index. */
export interface Instance {
  /** Entry index; real indexes start at 1. */
  index: number;
  /** The highest ballot promised at this index (counter 0, role 0 when none). */
  promised: Ballot;
  /** The ballot of the accepted value, or null when nothing is accepted. */
  accepted: Ballot | null;
  value: EntryValue | null;
  chosen: boolean;
}

/** A short summary of a chosen entry, kept for the console and for request-id de-duplication. */
export interface ChosenSummary {
  index: number;
  requestId: string;
  version: number;
  deleted: boolean;
  owner: NodeId;
}

/**
 * Everything durable about one key on one replica. At most two instances, in one of the slim
 * shapes: [], [i], [chosen i, pending i+1], [pending i with value, pending i+1 without value].
 */
export interface KeyRecord {
  key: string;
  instances: Instance[];
  /** Newest last; bounded by CoreConfig.recentChosenMax. Not needed by the protocol's safety. */
  recent: ChosenSummary[];
}

/** Derived from a KeyRecord; cheap to send in a read probe. */
export interface PLogHeader {
  /** The highest index this replica has any instance for (0 when none). */
  maxIndex: number;
  /** The highest index this replica knows to be chosen (0 when none). */
  chosenIndex: number;
  /** The version of the value chosen at chosenIndex (0 when none). */
  version: number;
}

export type * from './peer-messages';
/** The client side of the core is the store's one operation vocabulary, shared by every protocol. */
export type * from '../kv/operations';

/** The inputs of step(). Time enters only through `tick`. */
export type CoreInput =
  | { kind: 'tick'; nowMs: number }
  | { kind: 'receive'; message: PeerMessage }
  | { kind: 'client'; request: ClientRequest };

/**
 * PaxosKV's own input beside the three every protocol takes: the full-data verifier found this node's
 * copy of `key`'s entry chosen at `index` wrong (a majority of the stored copies differs), so the node
 * relearns it from a quorum (relearn.ts).
 */
export interface RelearnInput {
  kind: 'relearn';
  key: string;
  index: number;
}

/** What must be written durably before any message of the same Ready leaves. */
export interface PersistRecord {
  key: string;
  record: KeyRecord;
}

/**
 * A protocol step worth showing a person, named as the console draws it (app/model/cluster-event.ts):
 * the shell only adds agent id, sequence number and wall time. `key` and `index` are the entry the
 * step concerns; `peer` is the other node.
 */
export type CoreEvent =
  | { type: 'proposalStarted'; key: string; index: number; ballot: Ballot; requestId: string; fast: boolean }
  /** `peer`: the proposer promised to. */
  | { type: 'promised'; key: string; index: number; ballot: Ballot; peer: NodeId }
  | { type: 'acceptedValue'; key: string; index: number; ballot: Ballot; requestId: string }
  | {
      type: 'rejected';
      key: string;
      index: number;
      ballot: Ballot;
      /** The ballot that beat it. */
      by: Ballot;
      what: 'prepare' | 'accept' | 'fastAccept';
    }
  | { type: 'chosen'; key: string; index: number; ballot: Ballot; requestId: string; version: number }
  /** Learned `key` as chosen from `fromIndex` up to `index`, from `peer`. */
  | { type: 'catchUp'; key: string; index: number; fromIndex: number; peer: NodeId }
  | { type: 'readServed'; key: string; index: number; how: 'local' | 'catch-up' | 'redo' }
  | {
      type: 'backoff';
      key: string;
      index: number;
      round: number;
      untilMs: number;
      /** Why the round was lost: a majority refused (a higher ballot won), or too few answered in time. */
      cause: RoundLoss;
    }
  | { type: 'learnerOnly'; on: boolean; reason: string }
  /**
   * A level of the pending-entry timeout queue fired for `key`#`index` (pending-timeouts.ts), or the
   * entry stopped being pending after one had. `waitedMs`: since the entry entered the queue;
   * `nextInMs`: until the next level fires (0 when none follows).
   */
  | {
      type: 'pendingTimeout';
      key: string;
      index: number;
      step: PendingTimeoutStep;
      waitedMs: number;
      nextInMs: number;
    }
  | { type: 'replied'; key: string; requestId: string; ok: boolean; code?: ClientErrorCode }
  /** A malformed input was refused without touching state; `field` names what was wrong, `peer` who sent it. */
  | { type: 'inputRejected'; field: string; reason: string; peer?: NodeId };

/**
 * The core's only output. The shell executes it in order: write `persist` (synced when `mustSync`),
 * and only then send `messages`, deliver `replies` and emit `events`. No message may reveal a promise
 * or accept before the record holding it is durable.
 */
export interface Ready {
  persist: PersistRecord[];
  /**
   * The node's durable flags, when they changed: written in the same atomic write as `persist` (so a
   * crash keeps both or neither), and synced with it.
   */
  meta: NodeMeta | null;
  mustSync: boolean;
  /**
   * Messages that may leave before this Ready's own persist is durable, once every earlier Ready's
   * persist is: a fast round's fastAccepts, so that the proposer's own fsync runs beside the message's
   * trip (docs/one-fsync-fast-path.md). Nothing here may reveal a promise or accept of this Ready.
   */
  sendBeforePersist?: PeerMessage[];
  /** Messages that leave only once this Ready's persist and every earlier one are durable. */
  messages: PeerMessage[];
  replies: ClientReply[];
  events: CoreEvent[];
}

/** What a node keeps on disk beside its records. */
export interface NodeMeta {
  /** True from a wiped disk until relearning completes; a node restarted with it set stays a learner. */
  learnerOnly: boolean;
}

/** Where keys live: groups of six nodes over three datacenters. */
export interface PlacementGroup {
  id: string;
  /** Six members; member m sits in datacenter (m mod 3) of the group's three. */
  members: NodeId[];
}

export interface CoreLimits {
  keyBytesMax: number;
  valueBytesMax: number;
  /** Client requests a node holds at once, across keys; more get BUSY. */
  pendingRequestsMax: number;
}

export interface CoreTiming {
  /** How long a proposer waits for replies in one round before trying again. */
  roundTimeoutMs: number;
  /** How long a client request may take before it gets UNAVAILABLE. */
  requestTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Proposal rounds (fast or prepare) a write may use before PREEMPTED. */
  roundsMax: number;
  /** How often keys found behind are caught up in the background. */
  catchUpIntervalMs: number;
  /** Pending-entry timeout queue (pending-timeouts.ts), level 1: how long an entry waits before a first redo. */
  pendingRetrySoonMs: number;
  /** Level 2: how long after the first redo the second one runs. */
  pendingRetryLaterMs: number;
  /** Level 3: how long after the second redo the node gives up proposing and asks its peers instead. */
  pendingGiveUpMs: number;
}

export interface CoreConfig {
  self: NodeId;
  groups: PlacementGroup[];
  limits: CoreLimits;
  timing: CoreTiming;
  /** Use the one-round-trip fast band when this node owns the previous chosen value. */
  fastPath: boolean;
  /** How many chosen entries of a key to keep in KeyRecord.recent. */
  recentChosenMax: number;
  /** How many recent request ids each chosen value carries for de-duplicating retries. */
  dedupWindow: number;
  /** WPaxos only: F, the zones its quorums tolerate losing (the topology's zoneFailures); omitted: 0. */
  zoneFailures?: number;
}

/** Why a proposal round was lost. */
export type RoundLoss = 'refused' | 'timedOut';

/** Per-key volatile proposer and read state; lost on restart by design. */
export interface ProposerState {
  phase: 'idle' | 'preparing' | 'accepting' | 'fastAccepting';
  index: number;
  ballot: Ballot;
  /** The value being proposed (own or adopted). */
  value: EntryValue | null;
  /** The client request this proposal serves, if any (a read's redo has none). */
  requestId: string | null;
  /** Peers that granted the current phase. */
  grants: NodeId[];
  /** Peers that refused the current phase. */
  refusals: NodeId[];
  /** The highest accepted ballot and value reported by promises in this round. */
  highestAccepted: { ballot: Ballot; value: EntryValue } | null;
  /** The highest ballot seen in any refusal, to pick the next one above it. */
  highestSeen: Ballot;
  round: number;
  /** When the current round gives up waiting (ms of simulated or real time). */
  roundDeadlineMs: number;
  /** When a backed-off proposer may start its next round; 0 when not backing off. */
  retryAtMs: number;
}

/** A client request waiting on this node. */
export interface PendingRequest {
  request: ClientRequest;
  /** No round starts for the request at or after this time (the caller's deadline, or the default). */
  deadlineMs: number;
  /**
   * The key's chosen index when the request arrived. A copy of the request sent elsewhere can only
   * have been chosen above it, so the dedup window must reach back to here to decide a retry.
   */
  arrivedAtChosenIndex: number;
  /** Set while the request's own proposal or read is in flight. */
  stage: 'queued' | 'proposing' | 'probing' | 'catchingUp' | 'redoing';
  /** For reads: the probe's id and the headers collected so far. */
  readId?: string;
  probes?: { from: NodeId; header: PLogHeader; pending: boolean }[];
  /** Proposal rounds this request has used, across every index it tried; bounded by roundsMax. */
  roundsUsed: number;
  /** True once any round of this request won a quorum (a later timeout is then not UNAVAILABLE). */
  quorumReached: boolean;
  /** True once a peer refused one of this request's rounds (competition, not unreachable replicas). */
  contested: boolean;
  /** True once the request's value was sent for acceptance at `index`, so it may still be chosen there. */
  exposed: boolean;
  /** The entry index the request's proposal (a write, or a read's redo) targets. */
  index?: number;
  /** How a write was chosen, for its reply: 'fast' or 'prepare'. */
  path?: ReplyPath;
  /** For reads: the index the served value must reach, fixed when the first probe reply arrives. */
  readTarget?: number;
  /** For reads: the most involved way the read went so far. */
  readHow?: 'local' | 'catch-up' | 'redo';
  /** When the current stage's probe or catch-up request is sent again if still unanswered. */
  retryAtMs?: number;
  /** For CAS: the local version did not match, so the read procedure is confirming the current one. */
  confirming?: boolean;
  /** For CAS: the version was just confirmed current; the next comparison may answer a conflict. */
  versionConfirmed?: boolean;
}

/** What a pending-entry timeout did: a level fired, or the entry stopped being pending after one had. */
export type PendingTimeoutStep = 'retriedSoon' | 'retriedLater' | 'gaveUp' | 'resolved';

/** One key's entry in the pending-entry timeout queue (pending-timeouts.ts). */
export interface PendingTimeout {
  /** The pending entry: the lowest index above the chosen one holding an accepted value. */
  index: number;
  /** What fires next: retry soon, retry later, give up and catch up; or given up (nothing more). */
  level: 'soon' | 'later' | 'catchUp' | 'gaveUp';
  /** When the entry entered the queue. */
  sinceMs: number;
  /** When the level fires; 0 once given up. */
  dueMs: number;
}

/** Learner-only relearning progress (see ARCHITECTURE.md § Protocol 7). */
export interface LearnerState {
  /** Peers whose key scan has completed. */
  scannedPeers: NodeId[];
  /** Per peer, where its scan continues (null before the first page). */
  scanCursor: Record<NodeId, string | null>;
  /** Per key, the index it must have learned as chosen before the node may vote again. */
  targets: Record<string, number>;
}

export interface NodeCounters {
  proposals: number;
  fastPathHits: number;
  prepareRounds: number;
  rejections: number;
  catchUps: number;
  readsLocal: number;
  readsCatchUp: number;
  readsRedo: number;
  chosen: number;
}

/** The whole state of one node's core. */
export interface NodeState {
  config: CoreConfig;
  nowMs: number;
  prng: PrngState;
  /** Durable records by key, as last persisted (or restored). */
  records: Record<string, KeyRecord>;
  /** Volatile proposer state by key. */
  proposers: Record<string, ProposerState>;
  /** Client requests by key, oldest first; the head is the one being served. */
  queues: Record<string, PendingRequest[]>;
  /** Keys known to be behind, to catch up on the next background pass. */
  behind: Record<string, true>;
  /** Keys the verifier asked to relearn, with the chosen index found wrong (relearn.ts); volatile. */
  relearning: Record<string, number>;
  /** The pending-entry timeout queue by key (pending-timeouts.ts); volatile. */
  pendingTimeouts: Record<string, PendingTimeout>;
  /** Set after a wiped disk until relearning completes; null when voting normally. */
  learner: LearnerState | null;
  /**
   * Per key, the lowest index at which this life may use the fast band: two above the highest index
   * the key's durable record held when the node started. A crashed life may have sent a fastAccept
   * one above its durable record without persisting its own vote (docs/one-fsync-fast-path.md), so
   * that index takes a prepare. Volatile: each start recomputes it from the disk.
   */
  fastFloor: Record<string, number>;
  nextMessageSeq: number;
  nextCatchUpAtMs: number;
  counters: NodeCounters;
}

/** The result of one step. */
export interface StepResult {
  state: NodeState;
  ready: Ready;
}
