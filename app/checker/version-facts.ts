/**
 * What the reported versions pin down about a key's operations: the version each definite operation
 * found and left, and which acknowledged writes made each version. A read that reports its version
 * saw that version; a cas refused with currentVersion saw that one; an acknowledged write that
 * reports version v moved the key from v - 1 to v, and an acknowledged cas from its expected version
 * to the next. The pre-checks and the linearization by versions both read these facts.
 */
import { StepKind, unchecked, type KeyOperations } from './key-operations';
import { describeBytes } from '../util/byte-text';

/**
 * Per operation: the versions before and after its effect, when the history pins them down; and per
 * version, the acknowledged writes that made it (in call order: the operations are).
 */
export class VersionFacts {
  readonly before: Float64Array;
  readonly after: Float64Array;
  readonly count: number;
  readonly writersAt = new Map<number, number[]>();

  constructor(readonly ops: KeyOperations) {
    this.count = ops.stepKind.length;
    this.before = new Float64Array(this.count).fill(unchecked);
    this.after = new Float64Array(this.count).fill(unchecked);
    for (let index = 0; index < this.count; index++) {
      const reported = ops.readVersion[index] ?? unchecked;
      const expected = ops.expectedVersion[index] ?? unchecked;
      switch (ops.stepKind[index]) {
        case StepKind.read:
        case StepKind.casConflict:
          this.before[index] = reported;
          this.after[index] = reported;
          break;
        case StepKind.write: {
          const made = reported !== unchecked ? reported : expected !== unchecked ? expected + 1 : unchecked;
          if (made !== unchecked) {
            this.before[index] = made - 1;
            this.after[index] = made;
            const writers = this.writersAt.get(made);
            if (writers === undefined) this.writersAt.set(made, [index]);
            else writers.push(index);
          }
          break;
        }
      }
    }
  }

  id(index: number): string {
    return this.ops.operations[index]?.id ?? String(index);
  }

  isWrite(index: number): boolean {
    const kind = this.ops.stepKind[index];
    return kind === StepKind.write || kind === StepKind.maybeWrite;
  }

  value(valueId: number): string {
    return describeBytes(this.ops.values[valueId] ?? null);
  }
}
