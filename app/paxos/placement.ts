/**
 * Where a key lives: FNV-1a over its UTF-8 bytes picks a group and, inside the group's six members,
 * PaxosStore's A/B/C role formulas pick three replicas in three different datacenters (member m sits
 * in datacenter m mod 3).
 */
import type { NodeId, PlacementGroup, Role } from './types';

const encoder = new TextEncoder();
const sectSize = 10_000;

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** FNV-1a, 32 bits. */
export function fnv1a32(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

/** The member positions (0..5) of roles A, B and C for a key's section number. */
export function rolePositions(sect: number): [number, number, number] {
  const a = sect % 6;
  const off = Math.floor((sect % 24) / 6);
  const b = (a + off + Math.floor(off / 2) + 1) % 6;
  const c = (a + off + 2 + Math.floor((off + 1) / 2)) % 6;
  return [a, b, c];
}

export interface Placement {
  groupId: string;
  /** Roles A, B and C in that order. */
  replicas: [NodeId, NodeId, NodeId];
}

export function placeKey(groups: PlacementGroup[], key: string): Placement {
  const sect = Math.floor(fnv1a32(utf8Bytes(key)) / sectSize);
  const group = groups[sect % groups.length];
  if (!group || group.members.length !== 6) throw new Error('placement needs groups of six members');
  const [a, b, c] = rolePositions(sect).map((position) => group.members[position]!);
  return { groupId: group.id, replicas: [a!, b!, c!] };
}

/** The node's role (1 = A, 2 = B, 3 = C) for the key, or null when it is not one of its replicas. */
export function roleOf(groups: PlacementGroup[], key: string, node: NodeId): Role | null {
  const index = placeKey(groups, key).replicas.indexOf(node);
  return index < 0 ? null : ((index + 1) as Role);
}

/** The key's other two replicas, seen from `self`. */
export function peersOf(replicas: readonly NodeId[], self: NodeId): NodeId[] {
  return replicas.filter((node) => node !== self);
}
