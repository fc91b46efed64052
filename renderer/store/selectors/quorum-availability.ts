/**
 * Whether a group can still choose values. Every key of a group lives on one of the group's replica
 * triples (the A/B/C role formulas); a key can be written while two of its three replicas vote and can
 * talk to each other both ways.
 */
import type { FaultState } from '../../../app/model/fault-model';
import { rolePositions } from '../../../app/paxos/placement';
import type { NodeId, PlacementGroup } from '../../../app/paxos/types';
import { talkBothWays } from './node-health';

export type QuorumState = 'available' | 'degraded' | 'blocked';

export interface GroupQuorum {
  groupId: string;
  state: QuorumState;
  /** Distinct replica triples of the group, and how many of them cannot form a majority. */
  placements: number;
  blockedPlacements: number;
  /** One sentence for a student: why the group is in this state. */
  reason: string;
}

/** The group's distinct replica triples, as the placement formulas produce them (24 sections). */
export function replicaTriples(group: PlacementGroup): NodeId[][] {
  const seen = new Map<string, NodeId[]>();
  for (let sect = 0; sect < 24; sect += 1) {
    const triple = rolePositions(sect).map((position) => group.members[position]!);
    seen.set([...triple].sort().join(' '), triple);
  }
  return [...seen.values()];
}

/** Whether two of the replicas vote and can talk to each other both ways. */
export function hasMajority(
  replicas: readonly NodeId[],
  voting: (node: NodeId) => boolean,
  faults: FaultState,
) {
  const usable = replicas.filter(voting);
  return usable.some((a, i) => usable.slice(i + 1).some((b) => talkBothWays(faults, a, b)));
}

/** A node that can talk both ways with no more than half of its group (itself included). */
function onMinoritySide(node: NodeId, members: readonly NodeId[], faults: FaultState): boolean {
  const reached = members.filter((peer) => talkBothWays(faults, node, peer)).length;
  return reached * 2 <= members.length;
}

export function groupQuorum(
  group: PlacementGroup,
  voting: (node: NodeId) => boolean,
  faults: FaultState,
): GroupQuorum {
  const triples = replicaTriples(group);
  const blocked = triples.filter((triple) => !hasMajority(triple, voting, faults)).length;
  const impaired = group.members.filter(
    (node) => !voting(node) || onMinoritySide(node, group.members, faults),
  );
  const linksCut = group.members.some((node) =>
    group.members.some((peer) => !talkBothWays(faults, node, peer)),
  );
  const base = { groupId: group.id, placements: triples.length, blockedPlacements: blocked };
  if (blocked > 0) {
    return {
      ...base,
      state: 'blocked',
      reason: `${blocked} of ${triples.length} replica sets have fewer than 2 replicas that vote and reach each other: their keys cannot be written.`,
    };
  }
  if (impaired.length > 0 || linksCut) {
    const who =
      impaired.length === 0
        ? 'Some links are cut'
        : `${impaired.join(', ')} ${impaired.length === 1 ? 'is' : 'are'} down or cut off`;
    return {
      ...base,
      state: 'degraded',
      reason: `${who}, but every key still has 2 of 3 replicas that can agree.`,
    };
  }
  return { ...base, state: 'available', reason: 'Every replica votes and reaches every other.' };
}

export interface KeyQuorum {
  replicas: NodeId[];
  writable: boolean;
  reason: string;
}

/** Whether one key's replicas can still choose a value, and why not when they cannot. */
export function keyQuorum(
  replicas: readonly NodeId[],
  voting: (node: NodeId) => boolean,
  faults: FaultState,
): KeyQuorum {
  if (hasMajority(replicas, voting, faults)) {
    return { replicas: [...replicas], writable: true, reason: 'At least 2 of its 3 replicas can agree.' };
  }
  const silent = replicas.filter((node) => !voting(node));
  const why =
    silent.length >= 2
      ? `${silent.join(' and ')} cannot vote`
      : 'its replicas that vote cannot reach each other';
  return {
    replicas: [...replicas],
    writable: false,
    reason: `No majority: ${why}, so no 2 of ${replicas.join(', ')} can agree on a value.`,
  };
}
