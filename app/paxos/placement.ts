/**
 * Where a key lives: FNV-1a over its UTF-8 bytes picks a group and, inside the group's six members,
 * PaxosStore's A/B/C role formulas pick three replicas in three different datacenters (member m sits
 * in datacenter m mod 3).
 */
import { assert } from '../util/assert';
import type { NodeId, PlacementGroup, Role } from './types';

const encoder = new TextEncoder();
const sectSize = 10_000;

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The UTF-8 size of a string without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
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

/** Placements already computed, per groups array; every message asks, so this saves a hash each time. */
const placementCache = new WeakMap<PlacementGroup[], Map<string, Placement>>();
const placementCacheSize = 4096;

function computePlacement(groups: PlacementGroup[], key: string): Placement {
  const sect = Math.floor(fnv1a32(utf8Bytes(key)) / sectSize);
  const group = groups[sect % groups.length];
  assert(group?.members.length === 6, 'placement needs groups of six members (checkCoreConfig)');
  const [a, b, c] = rolePositions(sect).map((position) => group.members[position]!);
  return { groupId: group.id, replicas: [a!, b!, c!] };
}

export function placeKey(groups: PlacementGroup[], key: string): Placement {
  let cache = placementCache.get(groups);
  if (!cache) placementCache.set(groups, (cache = new Map()));
  let placement = cache.get(key);
  if (!placement) {
    placement = computePlacement(groups, key);
    if (cache.size >= placementCacheSize) cache.clear();
    cache.set(key, placement);
  }
  return { groupId: placement.groupId, replicas: [...placement.replicas] };
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
