/**
 * Image keys: an image's metadata stored under its 64-bit average hash (image/HASH), as in the PaxStore
 * student report's iset/iget, and an index of the stored hashes (image/index) for a nearest-hash
 * search. The hash itself is computed by the client (node-agent/kit/images); here are its stored forms.
 *
 * Encodings, fields in this order:
 *   record {"format":"paxoscope/image@1","hash":"f0e0c08080c0e0f0","metadata":"…","width":64,"height":48,"type":"png"}
 *   index  {"format":"paxoscope/image-index@1","hashes":["00ff…",…]}   (sorted, no repeats)
 */
import { z } from 'zod';
import { FieldError } from '../../util/field-error';
import { answer, write, type Decision, type KeyState } from './decision';
import { checkText, CorruptValueError, decodeDocument, encodeDocument, formatTag } from './structure-value';

export const imageRecordFormat = formatTag('image', 1);
export const imageIndexFormat = formatTag('image-index', 1);

export const hashHexPattern = /^[0-9a-f]{16}$/;
const hashHex = z.string().regex(hashHexPattern, 'must be a 64-bit hash in 16 hex digits');
const recordSchema = z.strictObject({
  format: z.literal(imageRecordFormat),
  hash: hashHex,
  metadata: z.string(),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
  type: z.enum(['png', 'jpeg']),
});
const indexSchema = z.strictObject({ format: z.literal(imageIndexFormat), hashes: z.array(hashHex) });

export interface ImageRecord {
  hash: string;
  metadata: string;
  /** The size and type of the image the metadata was stored from. */
  width: number;
  height: number;
  type: 'png' | 'jpeg';
}

export function encodeImageRecord(record: ImageRecord): Uint8Array {
  const { hash, metadata, width, height, type } = record;
  return encodeDocument({ format: imageRecordFormat, hash, metadata, width, height, type });
}

export function decodeImageRecord(key: string, value: Uint8Array): ImageRecord {
  const { hash, metadata, width, height, type } = decodeDocument(key, value, imageRecordFormat, recordSchema);
  if (key !== `image/${hash}`) throw new CorruptValueError(key, `hash: ${hash} is not this key's hash`);
  return { hash, metadata, width, height, type };
}

/** Refuses metadata that would not fit one value beside the record's other fields. */
export function checkMetadata(metadata: string, valueBytesMax: number): void {
  const empty = { hash: '0'.repeat(16), metadata: '', width: 1e9, height: 1e9, type: 'jpeg' as const };
  checkText('METADATA', metadata, valueBytesMax - encodeImageRecord(empty).byteLength, false);
}

/** Bits that differ between two hashes. */
export function hammingDistance(a: string, b: string): number {
  let differing = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (differing > 0n) {
    count += Number(differing & 1n);
    differing >>= 1n;
  }
  return count;
}

export function decodeImageIndex(key: string, value: Uint8Array | null): string[] {
  if (value === null) return [];
  const { hashes } = decodeDocument(key, value, imageIndexFormat, indexSchema);
  hashes.forEach((hash, i) => {
    if (i > 0 && !(hashes[i - 1]! < hash))
      throw new CorruptValueError(key, `hashes[${i}]: not sorted or repeated`);
  });
  return hashes;
}

/** Lists `hash` in the index (idempotent); true when it was added now. */
export function evaluateIndexHash(
  key: string,
  state: KeyState,
  hash: string,
  valueBytesMax: number,
): Decision<boolean> {
  const hashes = decodeImageIndex(key, state.value);
  if (hashes.includes(hash)) return answer(false);
  const value = encodeDocument({ format: imageIndexFormat, hashes: [...hashes, hash].sort() });
  if (value.byteLength > valueBytesMax) {
    const reason = `the image index is full (${hashes.length} hashes, limit ${valueBytesMax} bytes); the metadata is stored, but a nearest-hash search will not find it`;
    throw new FieldError('image/index', reason, valueBytesMax);
  }
  return write(value, true);
}

/** Indexed hashes within `distanceMax` bits of `hash`, nearest first (ties in hash order). */
export function nearestHashes(
  hashes: readonly string[],
  hash: string,
  distanceMax: number,
): { hash: string; distance: number }[] {
  return hashes
    .map((candidate) => ({ hash: candidate, distance: hammingDistance(candidate, hash) }))
    .filter((found) => found.distance <= distanceMax)
    .sort((a, b) => a.distance - b.distance || (a.hash < b.hash ? -1 : 1));
}
