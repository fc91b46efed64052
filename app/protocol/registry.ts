/**
 * The protocols a cluster can run, by name. Shells (the simulator, the agent) pick one from the
 * topology or a flag and drive it through ProtocolCore without knowing which it is; one cluster runs
 * one protocol, so a node only ever receives its own protocol's messages and records.
 */
import { paxosKv } from '../paxos/protocol';
import { peerMessageTypes } from '../paxos/peer-messages';
import type { CoreEvent, KeyRecord, NodeState, PeerMessage } from '../paxos/types';
import {
  quorumKv,
  type QuorumEvent,
  type QuorumMessage,
  type QuorumNodeState,
  type QuorumRecord,
} from '../quorumkv';
import type { ProtocolCore, ProtocolInput, ProtocolName, ProtocolReady, ProtocolText } from './protocol';

export type AnyNodeState = NodeState | QuorumNodeState;
export type AnyMessage = PeerMessage | QuorumMessage;
export type AnyRecord = KeyRecord | QuorumRecord;
export type AnyEvent = CoreEvent | QuorumEvent;
export type AnyInput = ProtocolInput<AnyMessage>;
export type AnyReady = ProtocolReady<AnyMessage, AnyRecord, AnyEvent>;
export type AnyProtocol = ProtocolCore<AnyNodeState, AnyMessage, AnyRecord, AnyEvent>;

/**
 * Each core typed as taking any protocol's state, message and record. The one place that widens: it
 * holds because a cluster runs one protocol from start to end, so a core only sees what it made.
 */
const protocols: Record<ProtocolName, AnyProtocol> = {
  paxoskv: paxosKv as unknown as AnyProtocol,
  quorumkv: quorumKv as unknown as AnyProtocol,
};

export function protocolNamed(name: ProtocolName): AnyProtocol {
  return protocols[name];
}

/** A PaxosKV node's state, for the PaxosKV-only views and checkers; throws on another protocol's. */
export function paxosState(state: AnyNodeState): NodeState {
  if (!('proposers' in state))
    throw new Error('this view reads PaxosKV state; the node runs another protocol');
  return state;
}

const paxosMessageTypes: ReadonlySet<string> = new Set(peerMessageTypes);
const quorumEventTypes: ReadonlySet<string> = new Set<QuorumEvent['type']>([
  'replicaStored',
  'replicaRefused',
  'quorumWrite',
  'quorumRead',
  'readRepair',
]);

export function isPaxosMessage(message: AnyMessage): message is PeerMessage {
  return paxosMessageTypes.has(message.type);
}

export function isPaxosRecord(record: AnyRecord): record is KeyRecord {
  return 'instances' in record;
}

/** replied and inputRejected read the same in every protocol; the rest belong to one. */
function isQuorumEvent(event: AnyEvent): event is QuorumEvent {
  return quorumEventTypes.has(event.type);
}

export function isPaxosEvent(event: AnyEvent): event is CoreEvent {
  return !isQuorumEvent(event);
}

/** Any protocol's facts as text, told apart by their own shapes, for shells that serve every protocol. */
export const anyProtocolText: ProtocolText<AnyMessage, AnyRecord, AnyEvent> = {
  message: (message) =>
    isPaxosMessage(message) ? paxosKv.text.message(message) : quorumKv.text.message(message),
  record: (record) => (isPaxosRecord(record) ? paxosKv.text.record(record) : quorumKv.text.record(record)),
  event: (event) => (isQuorumEvent(event) ? quorumKv.text.event(event) : paxosKv.text.event(event)),
};
