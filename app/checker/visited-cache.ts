/**
 * Lowe's memoisation for the WGL search: a search node is (linearized set, model state), and a node
 * reached before cannot lead anywhere new, so the search skips it. Nodes live in flat typed arrays
 * (chained per hash bucket) rather than one object each, so a long search makes no garbage.
 */
import { mix32, type LinearizedSet } from './linearized-set';

const none = -1;
const initialNodes = 64;

export class VisitedCache {
  private readonly firstNodeByHash = new Map<number, number>();
  private nextInBucket = new Int32Array(initialNodes);
  private valueIds = new Int32Array(initialNodes);
  private versions = new Float64Array(initialNodes);
  private fullWords = new Int32Array(initialNodes);
  private tailStarts = new Int32Array(initialNodes);
  private tailLengths = new Int32Array(initialNodes);
  /** The stored tails of all nodes' linearized sets, back to back. */
  private tailWords = new Uint32Array(initialNodes);
  private tailWordsUsed = 0;
  /** How many distinct search nodes were recorded. */
  size = 0;

  /** Records the node; returns false when it had been visited already. */
  addIfNew(linearized: LinearizedSet, valueId: number, version: number): boolean {
    const hash = linearized.hash ^ mix32(Math.imul(valueId, 0x27d4eb2d) ^ version);
    const first = this.firstNodeByHash.get(hash) ?? none;
    for (let node = first; node !== none; node = this.nextInBucket[node] ?? none) {
      if (
        this.valueIds[node] === valueId &&
        this.versions[node] === version &&
        linearized.equalsCopy(
          this.fullWords[node] ?? 0,
          this.tailWords,
          this.tailStarts[node] ?? 0,
          this.tailLengths[node] ?? 0,
        )
      ) {
        return false;
      }
    }
    this.store(linearized, valueId, version, first);
    this.firstNodeByHash.set(hash, this.size - 1);
    return true;
  }

  private store(linearized: LinearizedSet, valueId: number, version: number, nextInBucket: number): void {
    const node = this.size++;
    const tailLength = linearized.tailLength();
    if (node >= this.valueIds.length) this.growNodes();
    while (this.tailWordsUsed + tailLength > this.tailWords.length) this.tailWords = grown(this.tailWords);
    this.nextInBucket[node] = nextInBucket;
    this.valueIds[node] = valueId;
    this.versions[node] = version;
    this.fullWords[node] = linearized.fullWords;
    this.tailStarts[node] = this.tailWordsUsed;
    this.tailLengths[node] = tailLength;
    linearized.copyTail(this.tailWords, this.tailWordsUsed);
    this.tailWordsUsed += tailLength;
  }

  private growNodes(): void {
    this.nextInBucket = grown(this.nextInBucket);
    this.valueIds = grown(this.valueIds);
    this.versions = grown(this.versions);
    this.fullWords = grown(this.fullWords);
    this.tailStarts = grown(this.tailStarts);
    this.tailLengths = grown(this.tailLengths);
  }
}

/** A copy of the array with twice the room. */
function grown<T extends Int32Array | Uint32Array | Float64Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
