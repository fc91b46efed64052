/**
 * Operations waiting to be known as returned: a binary min-heap on return time, in typed arrays. A
 * sweep in call order pushes each operation and pops those that returned before the next call, so
 * it holds only the operations in flight at a time (a handful), where sorting all returns would cost
 * n log n.
 */
export class ReturnHeap {
  private operations: Int32Array;
  private returns: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.operations = new Int32Array(Math.max(1, capacity));
    this.returns = new Float64Array(Math.max(1, capacity));
  }

  push(operation: number, returnMs: number): void {
    let slot = this.size++;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if ((this.returns[parent] ?? 0) <= returnMs) break;
      this.operations[slot] = this.operations[parent] ?? 0;
      this.returns[slot] = this.returns[parent] ?? 0;
      slot = parent;
    }
    this.operations[slot] = operation;
    this.returns[slot] = returnMs;
  }

  /** The earliest return time held; Infinity when empty. */
  peekReturnMs(): number {
    return this.size === 0 ? Infinity : (this.returns[0] ?? Infinity);
  }

  /** Removes and returns the operation that returned first (the heap must not be empty). */
  pop(): number {
    const top = this.operations[0] ?? 0;
    const size = --this.size;
    const lastOperation = this.operations[size] ?? 0;
    const lastReturn = this.returns[size] ?? 0;
    let slot = 0;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= size) break;
      if (child + 1 < size && (this.returns[child + 1] ?? 0) < (this.returns[child] ?? 0)) child++;
      if ((this.returns[child] ?? 0) >= lastReturn) break;
      this.operations[slot] = this.operations[child] ?? 0;
      this.returns[slot] = this.returns[child] ?? 0;
      slot = child;
    }
    this.operations[slot] = lastOperation;
    this.returns[slot] = lastReturn;
    return top;
  }
}
