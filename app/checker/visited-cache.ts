/**
 * Lowe's memoisation for the WGL search: a search node is (linearized set, model state), and a node
 * reached before cannot lead anywhere new, so the search skips it. Nodes live in flat typed arrays
 * with an open-addressing index, not in a Map (whose 2^24-entry ceiling once crashed a search) and
 * not one object each (no garbage). Every array is counted against a byte limit, the old and new
 * copies of a growing array both: a search that would pass it is told so, and says 'unknown'. About
 * 36 bytes per node plus its linearized set's tail (usually a word or two).
 */
import { mix32, type LinearizedSet } from './linearized-set';

/** What addIfNew found. */
export const VisitResult = { added: 0, seen: 1, full: 2 } as const;
export type VisitResult = (typeof VisitResult)[keyof typeof VisitResult];

const initialNodes = 256;
/** The index holds node + 1 (0 is an empty slot) and is kept at most half full. */
const emptySlot = 0;

export class VisitedCache {
  private slots = new Int32Array(2 * initialNodes);
  private hashes = new Int32Array(initialNodes);
  private valueIds = new Int32Array(initialNodes);
  private versions = new Float64Array(initialNodes);
  private fullWords = new Int32Array(initialNodes);
  /** Node i's tail is tailWords[tailStarts[i] .. tailStarts[i + 1]). */
  private tailStarts = new Int32Array(initialNodes + 1);
  /** The stored tails of all nodes' linearized sets, back to back. */
  private tailWords = new Uint32Array(initialNodes);
  /** How many distinct search nodes were recorded. */
  size = 0;

  /** True when even the first arrays pass the limit: then nothing is recorded. */
  private readonly overLimit: boolean;

  /** `byteLimit`: the most the arrays may hold, counted while they grow (see makeRoom). */
  constructor(private readonly byteLimit: number = Infinity) {
    this.overLimit = this.bytes() > byteLimit;
  }

  /** Bytes held by the arrays now. */
  bytes(): number {
    return (
      this.slots.byteLength +
      this.hashes.byteLength +
      this.valueIds.byteLength +
      this.versions.byteLength +
      this.fullWords.byteLength +
      this.tailStarts.byteLength +
      this.tailWords.byteLength
    );
  }

  /** Records the node unless it was visited already, or unless recording it would pass the limit. */
  addIfNew(linearized: LinearizedSet, valueId: number, version: number): VisitResult {
    const hash = linearized.hash ^ mix32(Math.imul(valueId, 0x27d4eb2d) ^ version);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let held = this.slots[slot] ?? emptySlot; held !== emptySlot; held = this.slots[slot] ?? emptySlot) {
      const node = held - 1;
      if (this.hashes[node] === hash && this.sameNode(node, linearized, valueId, version)) {
        return VisitResult.seen;
      }
      slot = (slot + 1) & mask;
    }
    if (!this.makeRoom(linearized.tailLength())) return VisitResult.full;
    if (this.slots.length !== mask + 1) slot = this.freeSlot(hash);
    this.store(linearized, hash, valueId, version);
    this.slots[slot] = this.size;
    return VisitResult.added;
  }

  private sameNode(node: number, linearized: LinearizedSet, valueId: number, version: number): boolean {
    const start = this.tailStarts[node] ?? 0;
    return (
      this.valueIds[node] === valueId &&
      this.versions[node] === version &&
      linearized.equalsCopy(
        this.fullWords[node] ?? 0,
        this.tailWords,
        start,
        (this.tailStarts[node + 1] ?? 0) - start,
      )
    );
  }

  private store(linearized: LinearizedSet, hash: number, valueId: number, version: number): void {
    const node = this.size++;
    const start = this.tailStarts[node] ?? 0;
    this.hashes[node] = hash;
    this.valueIds[node] = valueId;
    this.versions[node] = version;
    this.fullWords[node] = linearized.fullWords;
    linearized.copyTail(this.tailWords, start);
    this.tailStarts[node + 1] = start + linearized.tailLength();
  }

  /**
   * Grows whatever one more node with this tail needs; false when that would pass the limit. Arrays
   * double while they can; near the limit they grow only as far as it allows, and the index fills
   * up to three quarters instead of half, so the limit is used rather than half of it.
   */
  private makeRoom(tailLength: number): boolean {
    const node = this.size;
    const tailEnd = (this.tailStarts[node] ?? 0) + tailLength;
    const fits =
      node < this.hashes.length && 2 * (node + 1) <= this.slots.length && tailEnd <= this.tailWords.length;
    if (fits && !this.overLimit) return true;
    // What may still be allocated while every current array is held (a copy needs old and new).
    let room = this.byteLimit - this.bytes();
    if (room < 0) return false;
    let slotsLength = this.slots.length;
    if (2 * (node + 1) > slotsLength) {
      if (slotsLength * 2 * 4 <= room) slotsLength *= 2;
      else if (4 * (node + 1) > 3 * slotsLength) return false;
    }
    if (slotsLength !== this.slots.length) room -= slotsLength * 4;
    let nodeCapacity = this.hashes.length;
    if (node >= nodeCapacity) {
      nodeCapacity = Math.min(2 * nodeCapacity, Math.floor((room - 4) / nodeBytesEach));
      if (nodeCapacity <= node) return false;
      room -= nodeBytes(nodeCapacity);
    }
    let tailCapacity = this.tailWords.length;
    if (tailEnd > tailCapacity) {
      tailCapacity = Math.max(tailEnd, Math.min(2 * tailCapacity, Math.floor(room / 4)));
      if (tailCapacity * 4 > room) return false;
    }
    if (nodeCapacity !== this.hashes.length) this.growNodes(nodeCapacity);
    if (slotsLength !== this.slots.length) this.rehash(slotsLength);
    if (tailCapacity !== this.tailWords.length) this.tailWords = resized(this.tailWords, tailCapacity);
    return true;
  }

  private growNodes(capacity: number): void {
    this.hashes = resized(this.hashes, capacity);
    this.valueIds = resized(this.valueIds, capacity);
    this.versions = resized(this.versions, capacity);
    this.fullWords = resized(this.fullWords, capacity);
    this.tailStarts = resized(this.tailStarts, capacity + 1);
  }

  private rehash(length: number): void {
    this.slots = new Int32Array(length);
    for (let node = 0; node < this.size; node++) this.slots[this.freeSlot(this.hashes[node] ?? 0)] = node + 1;
  }

  private freeSlot(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== emptySlot) slot = (slot + 1) & mask;
    return slot;
  }
}

/** Bytes per node of the per-node arrays: hashes, value ids, versions, full words, tail starts. */
const nodeBytesEach = 4 + 4 + 8 + 4 + 4;

/** Bytes of the per-node arrays for this many nodes (tail starts has one more entry). */
function nodeBytes(nodes: number): number {
  return nodes * nodeBytesEach + 4;
}

/** A copy of the array with room for `length` elements. */
function resized<T extends Int32Array | Uint32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
