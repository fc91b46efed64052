/**
 * A replica's checksum of one key: a 64-bit FNV-1a digest of the key's newest chosen entry (its index
 * and the whole value it carries). PaxosKV stores the key's whole state in every entry (PLog as value)
 * and a learner jumps to the newest chosen entry instead of replaying the ones below it, so the only
 * summary two correct replicas share, whatever entries each saw and in whatever order, is one of the
 * newest chosen entry: a fold over the entries a replica happened to learn would differ between one
 * that learned 3, 4, 5 and one that jumped from 3 to 5. Paxos chooses one value per index, so two
 * replicas at the same chosen index must have the same checksum; a difference there is corruption.
 * See docs/data-verification.md.
 */
import { utf8Bytes } from '../paxos/placement';
import { newestChosen } from '../paxos/plog';
import type { EntryValue, KeyRecord } from '../paxos/types';

/** What a replica's copy of a key says, for comparison with the other replicas'. */
export interface KeyChecksum {
  /** The newest chosen index (0: nothing chosen yet, and `digest` is that of the empty key). */
  index: number;
  /** 16 hex digits. */
  digest: string;
}

const prime = 0x1b3; // FNV-64's prime is 2^40 + 0x1b3.

/** FNV-1a, 64 bits, in two 32-bit halves (no BigInt: values reach megabytes). */
class Fnv64 {
  private hi = 0xcbf29ce4;
  private lo = 0x84222325;

  /** Length-prefixed, so no two field lists run together into the same bytes. */
  bytes(bytes: Uint8Array): this {
    return this.number(bytes.length).raw(bytes);
  }

  raw(bytes: Uint8Array): this {
    for (const byte of bytes) this.byte(byte);
    return this;
  }

  number(value: number): this {
    for (let shift = 0; shift < 7; shift++) this.byte(Math.floor(value / 256 ** shift) % 256);
    return this;
  }

  text(value: string): this {
    return this.bytes(utf8Bytes(value));
  }

  /** state = (state ^ byte) * (2^40 + 0x1b3) mod 2^64; every product below stays under 2^53. */
  private byte(byte: number): void {
    const lo = (this.lo ^ byte) >>> 0;
    const low = lo * prime;
    this.hi = (this.hi * prime + Math.floor(low / 0x1_0000_0000) + ((lo << 8) >>> 0)) >>> 0;
    this.lo = low >>> 0;
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** Plain FNV-1a-64 of `bytes`, 16 hex digits (the published test vectors hold for it). */
export function fnv1a64(bytes: Uint8Array): string {
  return new Fnv64().raw(bytes).hex();
}

/** The digest of `value` chosen at `index` of `key`: every field of the value, nothing of the ballot. */
export function entryDigest(key: string, index: number, value: EntryValue | null): string {
  const hash = new Fnv64().text(key).number(index);
  if (value === null) return hash.hex();
  hash
    .text(value.requestId)
    .text(value.owner)
    .number(value.version)
    .number(value.deleted ? 1 : 0);
  hash.bytes(value.data).number(value.requests.length);
  for (const applied of value.requests)
    hash.text(applied.requestId).number(applied.version).number(applied.index);
  return hash.hex();
}

/**
 * The key's checksum on one replica. Ballots are left out: a replica that learned an entry from a
 * chosen message records the ballot it heard of, which need not be the one it voted for.
 */
export function keyChecksum(record: KeyRecord): KeyChecksum {
  const chosen = newestChosen(record);
  const index = chosen?.index ?? 0;
  return { index, digest: entryDigest(record.key, index, chosen?.value ?? null) };
}
