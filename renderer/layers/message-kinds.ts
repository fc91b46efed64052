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

export const messageKinds: Record<PeerMessageType, MessageKind> = {
  prepare: { family: 'prepare', reply: false, label: 'prepare' },
  promise: { family: 'prepare', reply: true, label: 'promise' },
  accept: { family: 'accept', reply: false, label: 'accept' },
  accepted: { family: 'accept', reply: true, label: 'accepted' },
  fastAccept: { family: 'fast', reply: false, label: 'fast accept' },
  fastAccepted: { family: 'fast', reply: true, label: 'fast accepted' },
  chosen: { family: 'chosen', reply: false, label: 'chosen' },
  getChosen: { family: 'catchUp', reply: false, label: 'catch-up request' },
  keyScan: { family: 'catchUp', reply: false, label: 'key scan' },
  keyScanReply: { family: 'catchUp', reply: true, label: 'key scan reply' },
  readProbe: { family: 'read', reply: false, label: 'read probe' },
  probeReply: { family: 'read', reply: true, label: 'probe reply' },
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
