/**
 * Lowe's memoisation for the WGL search: a search node is (linearized set, model state), and a node
 * reached before cannot lead anywhere new, so the search skips it. Nodes live in flat typed arrays
 * with an open-addressing index, not in a Map (whose 2^24-entry ceiling once crashed a search) and
 * not one object each (no garbage). Every array is counted against a byte limit, the old and new
 * copies of a growing array both: a search that would pass it is told so, and says 'unknown'.
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

  /** `byteLimit`: the most the arrays may hold, counted while they grow (see makeRoom). */
  constructor(private readonly byteLimit: number = Infinity) {}

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

  /** Grows whatever one more node with this tail needs; false when that would pass the limit. */
  private makeRoom(tailLength: number): boolean {
    const node = this.size;
    const tailEnd = (this.tailStarts[node] ?? 0) + tailLength;
    const growNodes = node >= this.hashes.length;
    const growSlots = 2 * (node + 1) > this.slots.length;
    let tailCapacity = this.tailWords.length;
    while (tailCapacity < tailEnd) tailCapacity *= 2;
    const extra =
      (growNodes ? nodeBytes(2 * this.hashes.length) : 0) +
      (growSlots ? this.slots.byteLength * 2 : 0) +
      (tailCapacity > this.tailWords.length ? tailCapacity * 4 : 0);
    // While an array is copied the old one is still held, so the peak is the current bytes plus the new arrays.
    if (this.bytes() + extra > this.byteLimit) return false;
    if (growNodes) this.growNodes();
    if (growSlots) this.rehash();
    if (tailCapacity > this.tailWords.length) this.tailWords = resized(this.tailWords, tailCapacity);
    return true;
  }

  private growNodes(): void {
    const capacity = this.hashes.length * 2;
    this.hashes = resized(this.hashes, capacity);
    this.valueIds = resized(this.valueIds, capacity);
    this.versions = resized(this.versions, capacity);
    this.fullWords = resized(this.fullWords, capacity);
    this.tailStarts = resized(this.tailStarts, capacity + 1);
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    for (let node = 0; node < this.size; node++) this.slots[this.freeSlot(this.hashes[node] ?? 0)] = node + 1;
  }

  private freeSlot(hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== emptySlot) slot = (slot + 1) & mask;
    return slot;
  }
}

/** Bytes of the per-node arrays (hashes, value ids, versions, full words, tail starts) for this many nodes. */
function nodeBytes(nodes: number): number {
  return nodes * (4 + 4 + 8 + 4 + 4) + 4;
}

/** A copy of the array with room for `length` elements. */
function resized<T extends Int32Array | Uint32Array | Float64Array>(array: T, length: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(length);
  bigger.set(array);
  return bigger;
}
