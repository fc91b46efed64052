/**
 * A set of text members over per-key Paxos: 16 buckets, one key each, a member in bucket
 * fnv1a32(UTF-8 bytes) mod 16, so the set holds up to 16 values' worth of members and add, remove and
 * contains are one compare-and-set or one read of one bucket. A bucket also remembers the tags of the
 * last 16 adds and removes that changed it, so a retry of one that was applied (its reply lost) answers
 * as applied instead of "already a member" — or, after someone removed the member again, instead of
 * adding it a second time (docs/data-structures.md).
 *
 * Encoding (format paxoscope/set-bucket@1), members sorted, fields in this order:
 *   {"format":"paxoscope/set-bucket@1","bucket":4,"members":["ada","bob"],"applied":["<tag>",…]}
 */
import { z } from 'zod';
import { FieldError } from '../../util/field-error';
import {
  answer,
  appliedTagsMax,
  opTagPattern,
  recorded,
  remember,
  write,
  type Decision,
  type KeyState,
} from './decision';
import { checkText, CorruptValueError, decodeDocument, encodeDocument, formatTag } from './structure-value';

export const setBucketFormat = formatTag('set-bucket', 1);
export const setBucketCount = 16;

const tag = z.string().regex(opTagPattern, 'must be an operation tag (16 hex digits)');
const bucketSchema = z.strictObject({
  format: z.literal(setBucketFormat),
  bucket: z
    .number()
    .int()
    .min(0)
    .max(setBucketCount - 1),
  members: z.array(z.string()),
  applied: z.array(tag).max(appliedTagsMax),
});

export interface SetBucket {
  bucket: number;
  /** Sorted by UTF-16 code unit, no duplicates. */
  members: string[];
  /** Tags of the newest adds and removes that changed this bucket, oldest first. */
  applied: string[];
}

export type AddResult = 'added' | 'already-member';
export type RemoveResult = 'removed' | 'not-member';

/** FNV-1a, 32 bits, over the member's UTF-8 bytes: the same bucket on every client. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export function bucketOf(member: string): number {
  return fnv1a32(member) % setBucketCount;
}

export function encodeBucket(bucket: SetBucket): Uint8Array {
  const { members, applied } = bucket;
  return encodeDocument({ format: setBucketFormat, bucket: bucket.bucket, members, applied });
}

export function decodeBucket(key: string, number: number, value: Uint8Array | null): SetBucket {
  if (value === null) return { bucket: number, members: [], applied: [] };
  const { bucket, members, applied } = decodeDocument(key, value, setBucketFormat, bucketSchema);
  if (bucket !== number)
    throw new CorruptValueError(key, `bucket: ${bucket}, but the key is bucket ${number}`);
  members.forEach((member, i) => {
    if (i > 0 && !(members[i - 1]! < member)) {
      throw new CorruptValueError(key, `members[${i}]: not sorted or repeated`);
    }
    if (bucketOf(member) !== number) {
      throw new CorruptValueError(key, `members[${i}]: belongs in bucket ${bucketOf(member)}`);
    }
  });
  return { bucket, members, applied };
}

/** The longest member a bucket under `valueBytesMax` could take when it holds nothing else. */
export function memberBytesMax(valueBytesMax: number): number {
  const full = {
    bucket: setBucketCount - 1,
    members: [''],
    applied: Array<string>(appliedTagsMax).fill('0'.repeat(16)),
  };
  return valueBytesMax - encodeBucket(full).byteLength;
}

export function checkMember(member: string, valueBytesMax: number): void {
  checkText('member', member, memberBytesMax(valueBytesMax));
}

export function evaluateAdd(
  key: string,
  state: KeyState,
  member: string,
  opTag: string,
  valueBytesMax: number,
): Decision<AddResult> {
  const bucket = decodeBucket(key, bucketOf(member), state.value);
  if (bucket.applied.includes(opTag)) return recorded('added');
  if (bucket.members.includes(member)) return answer('already-member');
  const members = [...bucket.members, member].sort();
  const value = encodeBucket({ ...bucket, members, applied: remember(bucket.applied, opTag) });
  if (value.byteLength > valueBytesMax) {
    const reason = `cannot be added: bucket ${bucket.bucket} of the set would grow to ${value.byteLength} bytes, over the limit of ${valueBytesMax}`;
    throw new FieldError('member', reason, valueBytesMax);
  }
  return write(value, 'added');
}

export function evaluateRemove(
  key: string,
  state: KeyState,
  member: string,
  opTag: string,
): Decision<RemoveResult> {
  const bucket = decodeBucket(key, bucketOf(member), state.value);
  if (bucket.applied.includes(opTag)) return recorded('removed');
  if (!bucket.members.includes(member)) return answer('not-member');
  const members = bucket.members.filter((m) => m !== member);
  return write(encodeBucket({ ...bucket, members, applied: remember(bucket.applied, opTag) }), 'removed');
}

export function bucketContains(key: string, state: KeyState, member: string): boolean {
  return decodeBucket(key, bucketOf(member), state.value).members.includes(member);
}

/** Every member, sorted, from the buckets' values (read one after another, not as one snapshot). */
export function mergeMembers(buckets: readonly SetBucket[]): string[] {
  return buckets.flatMap((bucket) => bucket.members).sort();
}
