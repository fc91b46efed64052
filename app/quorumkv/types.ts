/**
 * QuorumKV, the NWR store WeChat ran before PaxosStore: N=3 replicas per key (PaxosKV's A/B/C
 * placement), a write succeeds once W=2 replicas stored it, a read asks R=2 and returns the highest
 * version. The coordinator asks again the replicas that have not answered until the request's deadline,
 * and keeps sending an acknowledged write to its third replica until that deadline too (asynchronous
 * replication; docs/protocol-decisions.md, QuorumKV). No Paxos: the coordinator numbers a write from its own copy of the key, so two coordinators
 * can hand out the same version, and a failed write stays where it was stored. It is here to be caught
 * by the checker, not to be trusted.
 */
import type { AppliedRequest, ClientRequest, NodeId, ReplyPath } from '../paxos/types';
import type { NodeBase } from '../protocol/node-base';

/** One replica's copy of a key. */
export interface QuorumRecord {
  key: string;
  /** 0 when the replica never stored the key. */
  version: number;
  /** The coordinator that wrote this version; breaks ties between equal versions (higher id wins). */
  writer: NodeId;
  /** Null when the key does not exist (never written, or deleted). */
  value: Uint8Array | null;
  /** The request that wrote this version; "" before any write. */
  requestId: string;
  /** The last dedupWindow requests applied to this copy, newest last. */
  requests: AppliedRequest[];
}

interface QuorumMessageBase {
  id: string;
  from: NodeId;
  to: NodeId;
  key: string;
}

/** Store this version if it is newer than yours (a coordinator's write, or a read repair). */
export interface ReplicaWrite extends QuorumMessageBase {
  type: 'replicaWrite';
  record: QuorumRecord;
  /** The coordinator's request this write serves; "" for a read repair (nobody waits for its ack). */
  requestId: string;
}

export interface ReplicaWriteAck extends QuorumMessageBase {
  type: 'replicaWriteAck';
  requestId: string;
  /** True when the replica now holds the written version; false when it holds a newer one. */
  ok: boolean;
  version: number;
}

export interface ReplicaRead extends QuorumMessageBase {
  type: 'replicaRead';
  requestId: string;
}

export interface ReplicaReadReply extends QuorumMessageBase {
  type: 'replicaReadReply';
  requestId: string;
  record: QuorumRecord;
}

export type QuorumMessage = ReplicaWrite | ReplicaWriteAck | ReplicaRead | ReplicaReadReply;
export type QuorumMessageType = QuorumMessage['type'];

/** Every QuorumKV message type, requests before their replies, as the console lists them. */
export const quorumMessageTypes: readonly QuorumMessageType[] = [
  'replicaWrite',
  'replicaWriteAck',
  'replicaRead',
  'replicaReadReply',
];

/** A client request this node coordinates, waiting for its quorum. */
export interface Coordination {
  request: ClientRequest;
  deadlineMs: number;
  /** Replicas that stored the write or answered the read, this node included. */
  answered: NodeId[];
  /** Replicas that refused the write (they hold a newer version). */
  refused: NodeId[];
  /** For writes: the version being written. For reads: the newest record seen so far. */
  version: number;
  newest: QuorumRecord | null;
  /** For reads: the records each replica reported, to repair the stale ones. */
  reports: Record<NodeId, QuorumRecord>;
  /** When the replicas that have not answered are asked again (every round timeout, until the deadline). */
  resendAtMs: number;
  /** For writes: the copy this node stored for the request, which every (re)sent replicaWrite carries. */
  written: QuorumRecord | null;
}

/**
 * A write already acknowledged (W replicas hold it) whose remaining replica has not answered yet: the
 * coordinator goes on sending it there, every round timeout until the request's deadline, without
 * anyone waiting. After that only a read repair brings that replica up to date.
 */
export interface Replication {
  record: QuorumRecord;
  requestId: string;
  /** Replicas that have neither stored nor refused the write. */
  pending: NodeId[];
  resendAtMs: number;
  untilMs: number;
}

export type QuorumEvent =
  | { type: 'replicaStored'; key: string; version: number; requestId: string; peer: NodeId }
  | { type: 'replicaRefused'; key: string; version: number; newer: number; peer: NodeId }
  | { type: 'quorumWrite'; key: string; version: number; requestId: string; replicas: NodeId[] }
  | { type: 'quorumRead'; key: string; version: number; replicas: NodeId[] }
  | { type: 'readRepair'; key: string; version: number; peer: NodeId }
  | { type: 'replied'; key: string; requestId: string; ok: boolean; code?: string; path?: ReplyPath }
  | { type: 'inputRejected'; field: string; reason: string; peer?: NodeId };

export interface QuorumNodeState extends NodeBase {
  records: Record<string, QuorumRecord>;
  /** Requests this node coordinates, by request id. */
  coordinating: Record<string, Coordination>;
  /** Acknowledged writes still on their way to their last replica, by request id. */
  replicating: Record<string, Replication>;
  /** True until the first step after a start from a wiped disk: QuorumKV has no relearning. */
  clearLearnerFlag: boolean;
}

/** W and R: how many of a key's three replicas a write must reach and a read must hear. */
export const writeQuorum = 2;
export const readQuorum = 2;
