/**
 * The lowest version some not-yet-linearized definite operation still needs to see. A key's version
 * never goes down, so once the state's version passes it, that operation can never be placed and the
 * search node is dead. This prunes, above all, timed-out writes tried at places where no version gap
 * exists for them. A segment tree keeps the minimum current while operations are lifted and restored.
 */
import { StepKind, unchecked, type KeyOperations } from './key-operations';

export class RequiredVersions {
  /** Leaves start at `leafBase`; node i holds the minimum of nodes 2i and 2i + 1. */
  private readonly tree: Float64Array;
  private readonly leafBase: number;
  private readonly required: Float64Array;

  constructor(keyOperations: KeyOperations) {
    const count = keyOperations.stepKind.length;
    this.required = new Float64Array(count);
    for (let index = 0; index < count; index++) this.required[index] = requiredVersion(keyOperations, index);
    let leafBase = 1;
    while (leafBase < count) leafBase *= 2;
    this.leafBase = leafBase;
    this.tree = new Float64Array(2 * leafBase).fill(Infinity);
    this.tree.set(this.required, leafBase);
    for (let node = leafBase - 1; node >= 1; node--) this.pull(node);
  }

  /** The lowest version a remaining operation needs; Infinity when none needs one. */
  minimum(): number {
    return this.tree[1] ?? Infinity;
  }

  /** The minimum over the remaining operations other than this one (which must still be remaining). */
  minimumWithout(operation: number): number {
    const minimum = this.minimum();
    if ((this.required[operation] ?? Infinity) > minimum) return minimum;
    this.setLeaf(operation, Infinity);
    const others = this.minimum();
    this.restore(operation);
    return others;
  }

  /** The operation was linearized: it needs nothing any more. */
  remove(operation: number): void {
    this.setLeaf(operation, Infinity);
  }

  restore(operation: number): void {
    this.setLeaf(operation, this.required[operation] ?? Infinity);
  }

  private setLeaf(operation: number, version: number): void {
    let node = this.leafBase + operation;
    this.tree[node] = version;
    for (node >>= 1; node >= 1; node >>= 1) this.pull(node);
  }

  private pull(node: number): void {
    this.tree[node] = Math.min(this.tree[2 * node] ?? Infinity, this.tree[2 * node + 1] ?? Infinity);
  }
}

/** The version the operation must find when it takes effect, or Infinity when it has no such need. */
function requiredVersion(keyOperations: KeyOperations, index: number): number {
  const reported = keyOperations.readVersion[index] ?? unchecked;
  const expected = keyOperations.expectedVersion[index] ?? unchecked;
  switch (keyOperations.stepKind[index]) {
    case StepKind.read:
    case StepKind.casConflict:
      return reported === unchecked ? Infinity : reported;
    case StepKind.write:
      if (expected !== unchecked) return expected;
      return reported === unchecked ? Infinity : reported - 1;
    default:
      return Infinity;
  }
}
