/**
 * What the console has observed of the cluster's protocol, built only from the event stream: each node's
 * activity, each key's PLog as seen per replica, the messages in flight, the fault periods and a window
 * of recent events. `ingest` (ingest.ts) is the only thing that produces a new one.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { Ballot, NodeId } from '../../app/paxos/types';
import type { AnyMessageType as MessageType } from '../../app/protocol/message-types';
import type { Leadership } from '../../app/protocol/replicated-log';

/** A cluster event with its position in the console's merged stream (1, 2, 3, ...). */
export type RecordedEvent = ClusterEvent & { n: number };

/** How a node says it is doing, from its own lifecycle events (the process state comes from main). */
export type NodeLifecycle = 'unknown' | 'up' | 'paused' | 'stopped';

export interface NodeActivity {
  id: NodeId;
  lifecycle: NodeLifecycle;
  /** Why it stopped or was killed, when it did. */
  stoppedReason: string | null;
  /** Restarted with a wiped disk and not yet relearned: it neither votes nor serves. */
  learnerOnly: boolean;
  /** The last per-agent sequence number seen; a jump is a gap. */
  lastSeq: number;
  /** Events this console missed from the node: reported by the agent plus gaps seen here. */
  eventsDropped: number;
  /** Ordinal of the node's latest event (0 before any). */
  lastN: number;
  /** What the console counted in this node's events since it connected. */
  counters: NodeEventCounts;
}

export interface NodeEventCounts {
  proposals: number;
  /** Proposals that used the one-round-trip fast band. */
  fastProposals: number;
  promises: number;
  accepts: number;
  rejections: number;
  chosen: number;
  catchUps: number;
  readsServed: number;
  messagesSent: number;
  messagesReceived: number;
  messagesDropped: number;
  /** Another protocol's steps by its own name (protocolStep events), e.g. QuorumKV's quorumWrite. */
  protocolSteps: Readonly<Record<string, number>>;
}

export const zeroEventCounts: NodeEventCounts = {
  proposals: 0,
  fastProposals: 0,
  promises: 0,
  accepts: 0,
  rejections: 0,
  chosen: 0,
  catchUps: 0,
  readsServed: 0,
  messagesSent: 0,
  messagesReceived: 0,
  messagesDropped: 0,
  protocolSteps: {},
};

/** One Paxos instance of a key as one replica reported it. */
export interface PLogRow {
  index: number;
  /** The ballot this replica last proposed with at this index, when it was the proposer. */
  proposed: Ballot | null;
  promised: Ballot | null;
  accepted: Ballot | null;
  /** The request whose value is accepted or chosen here; "" is a read's no-op. */
  requestId: string | null;
  /** The key's version after this entry, once chosen. */
  version: number | null;
  /** The value's text, when inspectKey read it (events carry only the request id). */
  value: string | null;
  /** True when the entry deletes the key. */
  deleted: boolean;
  chosen: boolean;
  /** How the replica learned the chosen value when it did not take part: from a peer's catch-up. */
  learnedFrom: NodeId | null;
  /** The most recent refusal at this index: the ballot that beat ours. */
  rejectedBy: Ballot | null;
  /** Ordinal of the last change and the fields it touched, for the lens's highlight. */
  changedN: number;
  changedFields: PLogField[];
  /** Ordinal of the last synced PLog write that included this key on this replica. */
  syncedN: number;
}

export type PLogField = 'proposed' | 'promised' | 'accepted' | 'chosen' | 'rejected';

export interface KeyView {
  key: string;
  /** Per replica, its newest rows (ascending index), at most plogRowsMax of them. */
  replicas: Record<NodeId, PLogRow[]>;
  /** Ordinal of the latest event about this key. */
  lastN: number;
}

export type MessageState = 'flying' | 'delayed' | 'held' | 'delivered' | 'dropped';

/** A message between two replicas, paired from its send, receive and gate events by message id. */
export interface MessageView {
  id: string;
  type: MessageType;
  from: NodeId;
  to: NodeId;
  key: string | null;
  index: number | null;
  ballot: Ballot | null;
  state: MessageState;
  /** Ordinal and time of the first event seen about it (normally the send). */
  sentN: number;
  sentMs: number;
  /** Ordinal of the event that ended its flight (receive or drop); null while in the air. */
  endN: number | null;
  /** Ordinal of its send event and of its (first) receive event, for the timeline's inspector. */
  sendEventN: number | null;
  receiveEventN: number | null;
  delayMs: number | null;
  dropReason: string | null;
  duplicated: boolean;
}

export type FaultBandKind = 'killed' | 'paused' | 'stopped' | 'learnerOnly' | 'cutOff';

/** A period during which a node was impaired, drawn as a band across the timeline. */
export interface FaultBand {
  node: NodeId;
  kind: FaultBandKind;
  startN: number;
  /** Null while the period lasts. */
  endN: number | null;
  label: string;
}

export interface ObservedCluster {
  /** Ordinal of the newest event ingested (0 before any). */
  eventCount: number;
  /** Time of the newest event, in the events' clock (wall ms live, simulated ms in the simulator). */
  lastTimeMs: number;
  nodes: Record<NodeId, NodeActivity>;
  keys: Record<string, KeyView>;
  /** The key of the newest write (proposal or chosen value), for "follow the last written". */
  lastWrittenKey: string | null;
  /** Messages still in the air (flying, delayed or held); finished ones leave at once. */
  inFlight: Record<string, MessageView>;
  /** Messages whose flight ended recently, newest last, so the timeline can pair send and receive. */
  finished: MessageView[];
  /**
   * Finished messages whose send has not been seen yet (their receive or drop came first in the merged
   * stream). A send normally needs no search; only these few are matched when their send turns up.
   */
  sendless: Record<string, true>;
  bands: FaultBand[];
  /** The newest events, oldest first. */
  recent: RecordedEvent[];
  /** For a leader-based protocol: each group's newest leader announced (ProtocolCore.leadershipOf). */
  leaders: Record<string, LeaderView>;
}

/** Who leads a group, as the newest step that announced it said, and when (event ordinal). */
export interface LeaderView extends Leadership {
  n: number;
}

/** Bounds that keep memory flat however long the console runs. */
export interface ViewLimits {
  recentMax: number;
  finishedMax: number;
  keysMax: number;
  plogRowsMax: number;
  bandsMax: number;
  inFlightMax: number;
  sendlessMax: number;
}

export const defaultViewLimits: ViewLimits = {
  recentMax: 2_000,
  finishedMax: 2_000,
  keysMax: 2_000,
  plogRowsMax: 4,
  bandsMax: 500,
  inFlightMax: 20_000,
  sendlessMax: 1_000,
};

export function emptyObservedCluster(nodeIds: readonly NodeId[] = []): ObservedCluster {
  const nodes: Record<NodeId, NodeActivity> = {};
  for (const id of nodeIds) nodes[id] = newNodeActivity(id);
  return {
    eventCount: 0,
    lastTimeMs: 0,
    nodes,
    keys: {},
    lastWrittenKey: null,
    inFlight: {},
    finished: [],
    sendless: {},
    bands: [],
    recent: [],
    leaders: {},
  };
}

export function newNodeActivity(id: NodeId): NodeActivity {
  return {
    id,
    lifecycle: 'unknown',
    stoppedReason: null,
    learnerOnly: false,
    lastSeq: 0,
    eventsDropped: 0,
    lastN: 0,
    counters: zeroEventCounts,
  };
}
