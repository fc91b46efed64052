/**
 * Where each data structure lives in the store's one key space. Every key starts with the kind, then
 * the structure's name with "%" and "/" escaped (so the name never contains the separator and no two
 * structures share a key), then the part:
 *
 *   queue/NAME/head        the queue's hint of its first live and last open segment
 *   queue/NAME/0, /1, …    its segments, in order
 *   set/NAME/0 … /15       its buckets (a member lives in bucket fnv1a32(member) mod 16)
 *   table/NAME/index       its index of primary keys
 *   table/NAME/row/PK      one row (PK unescaped: it is the key's last part)
 *   image/HASH             an image's metadata, HASH its average hash in 16 hex digits
 *   image/index            the hashes stored, for a nearest-hash search
 *
 * These prefixes are the structures' own; a plain `put` to such a key is read back as a corrupt value.
 */
import { FieldError } from '../../util/field-error';
import { byteLength, checkText } from './structure-value';

export type StructureKind = 'queue' | 'set' | 'table';

/** Room kept after a name for the longest part a key of its kind appends ("/head", "/row/", digits). */
const partBytesReserved = 24;

/** The name as it appears inside keys: "%" and "/" percent-escaped. */
export function escapeName(name: string): string {
  return name.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** Refuses an empty name or one that would not leave room for its keys under `keyBytesMax`. */
export function checkName(kind: StructureKind, name: string, keyBytesMax: number): void {
  const roomBytes = keyBytesMax - kind.length - 1 - partBytesReserved;
  checkText(kind, name, Math.max(0, roomBytes));
  const escapedBytes = byteLength(escapeName(name));
  if (escapedBytes > roomBytes) {
    throw new FieldError(kind, `must be at most ${roomBytes} bytes once "%" and "/" are escaped`, roomBytes);
  }
}

export function queueHeadKey(name: string): string {
  return `queue/${escapeName(name)}/head`;
}

export function queueSegmentKey(name: string, segment: number): string {
  return `queue/${escapeName(name)}/${segment}`;
}

export function setBucketKey(name: string, bucket: number): string {
  return `set/${escapeName(name)}/${bucket}`;
}

export function tableIndexKey(name: string): string {
  return `table/${escapeName(name)}/index`;
}

export function tableRowKey(name: string, primaryKey: string): string {
  return `table/${escapeName(name)}/row/${primaryKey}`;
}

/** Refuses an empty primary key or one whose row key would pass `keyBytesMax`. */
export function checkPrimaryKey(table: string, primaryKey: string, keyBytesMax: number): void {
  const roomBytes = keyBytesMax - byteLength(tableRowKey(table, ''));
  checkText('primaryKey', primaryKey, Math.max(0, roomBytes));
}

export function imageKey(hashHex: string): string {
  return `image/${hashHex}`;
}

export const imageIndexKey = 'image/index';
