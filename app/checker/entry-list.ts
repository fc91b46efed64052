/**
 * The history as a doubly linked list of call and return entries in time order, as in Wing & Gong's
 * algorithm. Linearizing an operation lifts its two entries out of the list; backtracking puts them
 * back in exactly the reverse order, so links never need to be searched for.
 *
 * Entry numbering: operation i has call entry 2i and return entry 2i + 1; the head sentinel is 2n.
 */

const none = -1;

export function isCallEntry(entry: number): boolean {
  return (entry & 1) === 0;
}

export function operationOf(entry: number): number {
  return entry >> 1;
}

export function callEntryOf(operation: number): number {
  return operation << 1;
}

export class EntryList {
  /** next[entry]: the following entry in time order, or -1 at the end. */
  readonly next: Int32Array;
  private readonly previous: Int32Array;
  private readonly head: number;

  /**
   * Orders entries by time; at equal times calls come first, so an operation returning at the moment
   * another is called counts as concurrent with it and a coarse clock never invents a violation.
   */
  constructor(callMs: Float64Array, returnMs: Float64Array) {
    const count = callMs.length;
    const timeOf = (entry: number): number =>
      isCallEntry(entry) ? (callMs[operationOf(entry)] ?? 0) : (returnMs[operationOf(entry)] ?? Infinity);
    const order = Array.from({ length: 2 * count }, (_, entry) => entry);
    order.sort((a, b) => timeOf(a) - timeOf(b) || (a & 1) - (b & 1) || a - b);
    this.head = 2 * count;
    this.next = new Int32Array(2 * count + 1).fill(none);
    this.previous = new Int32Array(2 * count + 1).fill(none);
    let last = this.head;
    for (const entry of order) {
      this.next[last] = entry;
      this.previous[entry] = last;
      last = entry;
    }
  }

  /** The earliest entry still in the list, or -1 when it is empty. */
  first(): number {
    return this.next[this.head] ?? none;
  }

  /** Removes operation's call and return entries. */
  lift(operation: number): void {
    this.unlink(callEntryOf(operation));
    this.unlink(callEntryOf(operation) + 1);
  }

  /** Undoes the latest lift, which must be of this operation. */
  unlift(operation: number): void {
    this.relink(callEntryOf(operation) + 1);
    this.relink(callEntryOf(operation));
  }

  private unlink(entry: number): void {
    const before = this.previous[entry] ?? none;
    const after = this.next[entry] ?? none;
    this.next[before] = after;
    if (after !== none) this.previous[after] = before;
  }

  /** The removed entry kept its own links, so it knows where it belongs. */
  private relink(entry: number): void {
    const before = this.previous[entry] ?? none;
    const after = this.next[entry] ?? none;
    this.next[before] = entry;
    if (after !== none) this.previous[after] = entry;
  }
}
