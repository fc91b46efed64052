/**
 * The protocols a cluster can run, by name. Shells (the simulator, the agent) pick one from the
 * topology or a flag and drive it through ProtocolCore without knowing which it is; one cluster runs
 * one protocol, so a node only ever receives its own protocol's messages and records.
 */
import {
  certain,
  type CertainEvent,
  type CertainMessage,
  type CertainNodeState,
  type CertainRecord,
} from '../certain';
import {
  multiPaxos,
  type MultiPaxosEvent,
  type MultiPaxosMessage,
  type MultiPaxosNodeState,
  type MultiPaxosRecord,
} from '../multipaxos';
import { paxosKv } from '../paxos/paxos-kv';
import type { CoreEvent, KeyRecord, NodeState, PeerMessage } from '../paxos/types';
import {
  quorumKv,
  type QuorumEvent,
  type QuorumMessage,
  type QuorumNodeState,
  type QuorumRecord,
} from '../quorumkv';
import {
  wPaxos,
  type WPaxosEvent,
  type WPaxosMessage,
  type WPaxosNodeState,
  type WPaxosRecord,
} from '../wpaxos';
import type { ProtocolCore, ProtocolInput, ProtocolName, ProtocolReady } from './protocol';

export type AnyNodeState =
  NodeState | QuorumNodeState | MultiPaxosNodeState | WPaxosNodeState | CertainNodeState;
export type AnyMessage = PeerMessage | QuorumMessage | MultiPaxosMessage | WPaxosMessage | CertainMessage;
export type AnyRecord = KeyRecord | QuorumRecord | MultiPaxosRecord | WPaxosRecord | CertainRecord;
export type AnyEvent = CoreEvent | QuorumEvent | MultiPaxosEvent | WPaxosEvent | CertainEvent;
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
  multipaxos: multiPaxos as unknown as AnyProtocol,
  wpaxos: wPaxos as unknown as AnyProtocol,
  certain: certain as unknown as AnyProtocol,
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

/** PaxosKV's messages are the ones about one entry index of one key. */
export function isPaxosMessage(message: AnyMessage): message is PeerMessage {
  return 'index' in message;
}

/** PaxosKV's records are a key's PLog instances. */
export function isPaxosRecord(record: AnyRecord): record is KeyRecord {
  return 'instances' in record;
}
