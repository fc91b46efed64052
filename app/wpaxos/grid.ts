/**
 * The grid of one placement group: member m sits in zone (m mod 3), the group's m-th datacenter, so each
 * zone holds two members. Q1 (phase 1, a steal) needs a majority of the nodes of Z − F zones; Q2 (phase
 * 2) a majority of the nodes of F + 1 zones. Any Q1 and any Q2 share a zone, and in that zone two
 * majorities share a node: that node carries what was chosen into the next ballot.
 */
import { majorityOf } from '../paxos/quorum';
import type { CoreConfig, NodeId, PlacementGroup } from '../paxos/types';
import type { Ballot, Zone } from './types';

export const zoneCount = 3;

/** The most zone failures a grid of `zoneCount` zones can name: Q1 needs at least one zone. */
export const zoneFailuresMax = zoneCount - 1;

/** F from the configuration (the topology's `zoneFailures`, default 0); a bad value refuses the start, naming the field. */
export function zoneFailuresOf(config: CoreConfig): number {
  const f = config.zoneFailures ?? 0;
  if (!Number.isInteger(f) || f < 0 || f > zoneFailuresMax) {
    throw new Error(`config.zoneFailures: must be a whole number from 0 to ${zoneFailuresMax} (got ${f})`);
  }
  return f;
}

export function zoneOf(group: PlacementGroup, node: NodeId): Zone {
  const index = group.members.indexOf(node);
  if (index < 0) throw new Error(`${node} is not a member of group ${group.id}`);
  return index % zoneCount;
}

export function zoneMembers(group: PlacementGroup, zone: Zone): NodeId[] {
  return group.members.filter((_, index) => index % zoneCount === zone);
}

/** The zones in which `nodes` hold a majority of the zone's members, lowest first. */
export function majorityZones(group: PlacementGroup, nodes: readonly NodeId[]): Zone[] {
  const zones: Zone[] = [];
  for (let zone = 0; zone < zoneCount; zone++) {
    const members = zoneMembers(group, zone);
    const present = members.filter((member) => nodes.includes(member)).length;
    if (present >= majorityOf(members.length)) zones.push(zone);
  }
  return zones;
}

export function q1Zones(f: number): number {
  return zoneCount - f;
}

export function q2Zones(f: number): number {
  return f + 1;
}

export function isQ1(group: PlacementGroup, nodes: readonly NodeId[], f: number): boolean {
  return majorityZones(group, nodes).length >= q1Zones(f);
}

export function isQ2(group: PlacementGroup, nodes: readonly NodeId[], f: number): boolean {
  return majorityZones(group, nodes).length >= q2Zones(f);
}

/** The other member of `node`'s zone (a zone holds two): the one a wiped node relearns from. */
export function zonePartner(group: PlacementGroup, node: NodeId): NodeId {
  const partner = zoneMembers(group, zoneOf(group, node)).find((member) => member !== node);
  if (!partner) throw new Error(`${node} has no partner in its zone of group ${group.id}`);
  return partner;
}

export function leaderOfBallot(group: PlacementGroup, ballot: Ballot): NodeId | null {
  return ballot === 0 ? null : group.members[ballot % group.members.length]!;
}

/** The lowest ballot of `node` above `above`. */
export function nextBallot(group: PlacementGroup, node: NodeId, above: Ballot): Ballot {
  const size = group.members.length;
  return (Math.floor(above / size) + 1) * size + group.members.indexOf(node);
}

/** "zone 2", "zones 1 and 3", "zones 1, 2 and 3". */
export function zoneList(zones: readonly Zone[]): string {
  const names = zones.map((zone) => `${zone + 1}`);
  if (names.length === 0) return 'no zone';
  if (names.length === 1) return `zone ${names[0]}`;
  return `zones ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
