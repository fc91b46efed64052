/**
 * What the console draws of WPaxos's quorums: each event's part in a round, phase 1 of a steal (asked
 * by the thief, answered or refused by each member, formed into a Q1) or phase 2 of one slot (asked by
 * the leader, accepted or refused by each member, formed into a Q2). Only the leader's own count says a
 * quorum formed; keys longer than the event schema's group field say nothing here.
 */
import type { NodeId } from '../paxos/types';
import type { QuorumStep } from '../protocol/replicated-log';
import type { WPaxosEvent } from './types';

const groupCharsMax = 64;

export function wPaxosQuorumStepOf(event: WPaxosEvent, self: NodeId): QuorumStep | null {
  if (!('key' in event) || typeof event.key !== 'string' || event.key.length > groupCharsMax) return null;
  const group = event.key;
  switch (event.type) {
    case 'steal':
      return round(group, 1, event.ballot, 0, self, 'asked', event.members);
    case 'promise':
      return round(group, 1, event.ballot, 0, event.peer, 'answered', [self]);
    case 'refused':
      return round(group, event.what === 'prepare' ? 1 : 2, event.ballot, event.slot, event.peer, 'refused', [
        self,
      ]);
    case 'stole':
      return {
        ...round(group, 1, event.ballot, 0, self, 'formed', event.promisers),
        zones: event.promisedZones,
      };
    case 'stealLost':
      return round(group, 1, event.ballot, 0, self, 'lost', []);
    case 'slotAccepted':
      return event.own
        ? round(group, 2, event.ballot, event.slot, self, 'asked', event.members)
        : round(group, 2, event.ballot, event.slot, event.peer, 'answered', [self]);
    case 'slotChosen':
      if (event.acks.length === 0) return null;
      return {
        ...round(group, 2, event.ballot, event.slot, self, 'formed', event.acks),
        zones: event.q2Zones,
      };
    default:
      return null;
  }
}

function round(
  group: string,
  phase: 1 | 2,
  ballot: number,
  slot: number,
  leader: NodeId,
  role: QuorumStep['role'],
  nodes: readonly NodeId[],
): QuorumStep {
  return { group, phase, ballot, slot, leader, role, nodes: [...nodes], zones: [] };
}
