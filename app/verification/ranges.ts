/**
 * Range checksums: one digest over a range of keys' stored copies, so two replicas compare a whole
 * range with one value and descend to key-by-key comparison (CompareKeys) only where the digests
 * differ. A range is given by its first and last key; each side sums the keys in it that it holds and
 * shares with the other, in key order, each as its key, its newest chosen index and its key checksum
 * (checksum.ts). Equal digests mean the same keys at the same chosen entries with the same values; a
 * key one side lacks, a replica behind, or a copy that does not decode makes the digests differ, and
 * the key-by-key comparison then says which it is (verdict.ts).
 */
import { utf8Bytes } from '../paxos/placement';
import { fnv1a64 } from './checksum';
import type { StoredCopy } from './verdict';

/** Ranges one CompareRanges call may ask about, and keys one range may sum (the server's limits). */
export const compareRangesMax = 16;
export const rangeKeysMax = 256;

export interface KeyRange {
  firstKey: string;
  lastKey: string;
}

/** The range spanning `sortedKeys` (sorted, at least one). */
export function rangeOf(sortedKeys: readonly string[]): KeyRange {
  return { firstKey: sortedKeys[0]!, lastKey: sortedKeys[sortedKeys.length - 1]! };
}

/** The keys of `sortedKeys` inside `range`, in order. */
export function keysIn(sortedKeys: readonly string[], range: KeyRange): string[] {
  return sortedKeys.filter((key) => key >= range.firstKey && key <= range.lastKey);
}

/** One key's part of a range digest: a line no key can run into, since the key is length-prefixed. */
function line(key: string, copy: StoredCopy): string {
  const held =
    copy.kind === 'checksum' ? `${copy.index} ${copy.digest}` : copy.kind === 'absent' ? 'absent' : 'unread';
  return `${utf8Bytes(key).length}:${key} ${held}\n`;
}

/** The digest of a range's copies, given in key order (16 hex digits). */
export function rangeDigest(copies: readonly { key: string; copy: StoredCopy }[]): string {
  return fnv1a64(utf8Bytes(copies.map(({ key, copy }) => line(key, copy)).join('')));
}
