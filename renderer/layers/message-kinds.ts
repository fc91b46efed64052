/**
 * How each kind of message looks: its family (the colour) and whether it is a request or a reply (a
 * filled or a hollow dot). Colours come from the theme's CSS variables so both themes stay readable.
 * Every registered protocol's messages have a kind: another protocol's steps share the family of the
 * PaxosKV step they play (a QuorumKV replica write is an accept, a replica read a read probe).
 */
import type { PeerMessageType } from '../../app/paxos/types';
import type { AnyMessageType } from '../../app/protocol/message-types';
import type { QuorumMessageType } from '../../app/quorumkv';

/** Any registered protocol's message type, as events name it. */
export type MessageType = AnyMessageType;

export type MessageFamily = 'prepare' | 'accept' | 'fast' | 'chosen' | 'catchUp' | 'read';

export interface MessageKind {
  family: MessageFamily;
  /** Requests are drawn filled, replies hollow. */
  reply: boolean;
  label: string;
}

const request = (family: MessageFamily, label: string): MessageKind => ({ family, reply: false, label });
const reply = (family: MessageFamily, label: string): MessageKind => ({ family, reply: true, label });

const paxosKinds: Record<PeerMessageType, MessageKind> = {
  prepare: request('prepare', 'prepare'),
  promise: reply('prepare', 'promise'),
  accept: request('accept', 'accept'),
  accepted: reply('accept', 'accepted'),
  fastAccept: request('fast', 'fast accept'),
  fastAccepted: reply('fast', 'fast accepted'),
  chosen: request('chosen', 'chosen'),
  getChosen: request('catchUp', 'catch-up request'),
  keyScan: request('catchUp', 'key scan'),
  keyScanReply: reply('catchUp', 'key scan reply'),
  readProbe: request('read', 'read probe'),
  probeReply: reply('read', 'probe reply'),
};

const quorumKinds: Record<QuorumMessageType, MessageKind> = {
  replicaWrite: request('accept', 'replica write'),
  replicaWriteAck: reply('accept', 'replica write ack'),
  replicaRead: request('read', 'replica read'),
  replicaReadReply: reply('read', 'replica read reply'),
};

/** Leader multi-Paxos's own messages (its prepare, promise, accept and accepted are PaxosKV's kinds). */
const multiPaxosKinds = {
  viewChange: request('prepare', 'view change'),
  commit: request('chosen', 'commit'),
  commitAck: reply('chosen', 'commit ack'),
  forward: request('accept', 'forward to leader'),
  catchUp: request('catchUp', 'catch-up'),
  catchUpReply: reply('catchUp', 'catch-up reply'),
};

export const messageKinds: Record<MessageType, MessageKind> = {
  entryState: request('accept', 'entry state (PaxosCertain)'),
  ...multiPaxosKinds,
  ...quorumKinds,
  ...paxosKinds,
};

export const familyLabels: Record<MessageFamily, string> = {
  prepare: 'prepare / promise',
  accept: 'accept / accepted',
  fast: 'fast accept',
  chosen: 'chosen',
  catchUp: 'catch-up',
  read: 'read probe',
};

export const messageFamilies = Object.keys(familyLabels) as MessageFamily[];

/** The CSS variable that holds a family's colour. */
export function familyColorVar(family: MessageFamily): string {
  return `--msg-${family}`;
}
