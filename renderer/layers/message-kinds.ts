/**
 * How each kind of message looks: its family (the colour) and whether it is a request or a reply (a
 * filled or a hollow dot). Colours come from the theme's CSS variables so both themes stay readable.
 */
import type { PeerMessageType } from '../../app/paxos/types';

export type MessageFamily = 'prepare' | 'accept' | 'fast' | 'chosen' | 'catchUp' | 'read';

export interface MessageKind {
  family: MessageFamily;
  /** Requests are drawn filled, replies hollow. */
  reply: boolean;
  label: string;
}

const request = (family: MessageFamily, label: string): MessageKind => ({ family, reply: false, label });
const reply = (family: MessageFamily, label: string): MessageKind => ({ family, reply: true, label });

export const messageKinds: Record<PeerMessageType, MessageKind> = {
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
