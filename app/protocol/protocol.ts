/**
 * One interface for every replication protocol the store can run. Each protocol is a pure core,
 * `step(state, input) → { state, ready }`, with its own peer messages and its own per-key records, and
 * the same Ready rules as PaxosKV: the shell writes `persist` (synced when `mustSync`) before it sends
 * `messages`, delivers `replies` or emits `events` (only `sendBeforePersist` may go ahead of it). The
 * client API is the same for all of them, so shells (the agent, the simulator, the console) and the
 * checker serve every protocol unchanged.
 */
import type { ClientReply, ClientRequest, CoreConfig, NodeId, NodeMeta, RelearnInput } from '../paxos/types';
import type { ProtocolWire } from './protocol-wire';
import type { GroupLog, Leadership, QuorumStep } from './replicated-log';

export const protocolNames = ['paxoskv', 'quorumkv', 'multipaxos', 'wpaxos', 'certain'] as const;
export type ProtocolName = (typeof protocolNames)[number];

/** What every peer message carries, whatever the protocol: enough to route, fault and draw it. */
export interface PeerEnvelope {
  /** Unique per sender: `${from}:${counter}`. Links a send to its receive in the event stream. */
  id: string;
  type: string;
  from: NodeId;
  to: NodeId;
  key: string;
}

/** A durable record belongs to one key (PaxosKV's PLog, QuorumKV's replica value, ...). */
export interface KeyedRecord {
  key: string;
}

export type ProtocolInput<Message> =
  | { kind: 'tick'; nowMs: number }
  | { kind: 'receive'; message: Message }
  | { kind: 'client'; request: ClientRequest }
  /** The data verifier's repair; a protocol without one refuses it (routeInput). */
  | RelearnInput;

export interface ProtocolReady<Message, Rec, Event> {
  persist: { key: string; record: Rec }[];
  meta: NodeMeta | null;
  mustSync: boolean;
  /**
   * Messages that may leave before this Ready's own persist is durable, once every earlier Ready's is
   * (PaxosKV's fastAccepts, docs/one-fsync-fast-path.md); absent when every message waits.
   */
  sendBeforePersist?: Message[];
  messages: Message[];
  replies: ClientReply[];
  events: Event[];
}

export interface NodeStart<Rec> {
  seed: number;
  records?: Rec[];
  learnerOnly?: boolean;
  nowMs?: number;
  firstMessageSeq?: number;
}

/** How a protocol's own facts read in a trace line and a caption: one stable, readable form each. */
export interface ProtocolText<Message, Rec, Event> {
  /** A message without its endpoints, e.g. `fastAccept k1#2 b(0,1) c1="v1"@2`. */
  message(message: Message): string;
  record(record: Rec): string;
  /** An event as it reads after the node's name; null for one the trace leaves out (the replies). */
  event(event: Event): string | null;
  /**
   * The event as one plain-language line for a class, naming the node and the rule at work ("n2 leads
   * view 3, so ..."); every event has one. Absent for PaxosKV, whose events the console captions itself.
   */
  caption?(event: Event, self: NodeId): string;
}

export interface ProtocolCore<State, Message extends PeerEnvelope, Rec extends KeyedRecord, Event> {
  readonly name: ProtocolName;
  createNode(config: CoreConfig, start: NodeStart<Rec>): State;
  step(
    state: State,
    input: ProtocolInput<Message>,
  ): { state: State; ready: ProtocolReady<Message, Rec, Event> };
  /** Null when a record is well formed; otherwise what is wrong with it. Checked before writing and after reading. */
  checkRecord(record: Rec): string | null;
  /** A deep copy, so a disk never shares objects the core goes on mutating. */
  copyRecord(record: Rec): Rec;
  /** True while the node is relearning after a wiped disk and must not vote or serve. */
  isLearner(state: State): boolean;
  readonly text: ProtocolText<Message, Rec, Event>;
  /** Every peer message type it sends, in the order the console lists them; the event schema accepts these. */
  readonly messageTypes?: readonly Message['type'][];
  /**
   * Its events that mean a client's write of the event's key took effect, for a protocol whose events
   * reach the console as protocolStep (the lens's "follow last written" follows them).
   */
  readonly keyWriteSteps?: readonly string[];
  /** For a leader-based protocol: the leadership an event announces (the console's leader badge), else null. */
  leadershipOf?(event: Event): Leadership | null;
  /** For a protocol with quorum rounds the console draws: the part an event of `self` plays in one, else null. */
  quorumStepOf?(event: Event, self: NodeId): QuorumStep | null;
  /** For a protocol that orders a group's commands in one log: the log of the key's group on this node. */
  describeLog?(state: State, key: string): GroupLog | null;
  /**
   * How real agents carry its messages and records (app/proto/protocol-envelope.ts). Absent for PaxosKV,
   * whose own protobuf messages need none, and for a protocol agents cannot run yet (the simulator can).
   */
  readonly wire?: ProtocolWire<Message, Rec>;
}
