/**
 * The set of operations already linearized on the current search path, as a bitset over operations
 * numbered in call order. Because the search linearizes roughly in call order, the set is a run of
 * full words followed by a short sparse tail; the visited cache stores only that tail, so memory and
 * copy time grow with the concurrency window rather than with the history's length. The hash is kept
 * incrementally (XOR of a mix per member), so it costs nothing per step.
 */

const fullWord = 0xffffffff;

export class LinearizedSet {
  private readonly words: Uint32Array;
  /** Every word below this index has all 32 bits set. */
  fullWords = 0;
  /** Every word at or above this index is zero. */
  private usedWords = 0;
  /** XOR of memberHash over the members; equal sets have equal hashes. */
  hash = 0;

  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }

  add(member: number): void {
    const word = member >>> 5;
    this.words[word] = (this.words[word] ?? 0) | (1 << (member & 31));
    this.hash ^= memberHash(member);
    if (word >= this.usedWords) this.usedWords = word + 1;
    while (this.fullWords < this.usedWords && this.words[this.fullWords] === fullWord) this.fullWords++;
  }

  delete(member: number): void {
    const word = member >>> 5;
    this.words[word] = (this.words[word] ?? 0) & ~(1 << (member & 31));
    this.hash ^= memberHash(member);
    if (word < this.fullWords) this.fullWords = word;
    while (this.usedWords > this.fullWords && this.words[this.usedWords - 1] === 0) this.usedWords--;
  }

  has(member: number): boolean {
    return ((this.words[member >>> 5] ?? 0) & (1 << (member & 31))) !== 0;
  }

  /** Number of words after the full run up to the last member: what a stored copy needs. */
  tailLength(): number {
    return this.usedWords - this.fullWords;
  }

  copyTail(target: Uint32Array, offset: number): void {
    target.set(this.words.subarray(this.fullWords, this.usedWords), offset);
  }

  /** Whether a copy made by copyTail, with its fullWords and length, is this same set. */
  equalsCopy(fullWords: number, source: Uint32Array, offset: number, length: number): boolean {
    if (fullWords !== this.fullWords || length !== this.usedWords - this.fullWords) return false;
    for (let i = 0; i < length; i++) {
      if (source[offset + i] !== this.words[fullWords + i]) return false;
    }
    return true;
  }
}

/** murmur3's 32-bit finaliser: spreads consecutive member numbers over the whole hash space. */
export function mix32(input: number): number {
  let h = input | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function memberHash(member: number): number {
  return mix32(member + 0x9e3779b9);
}
