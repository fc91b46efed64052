/**
 * The sequential specification of one key: state `{ valueId, version }` starting at `{ none, 0 }`,
 * and what each compiled operation may do to it. This is the only place that knows the model's rules.
 */
import { StepKind, noValueId, unchecked, type KeyOperations } from './key-operations';

export interface ModelState {
  valueId: number;
  version: number;
}

export function initialModelState(): ModelState {
  return { valueId: noValueId, version: 0 };
}

/**
 * Applies operation `index` to the state `(valueId, version)`. Returns false when the model forbids it
 * in that state; otherwise writes the resulting state into `next`.
 */
export function stepModel(
  keyOperations: KeyOperations,
  index: number,
  valueId: number,
  version: number,
  next: ModelState,
): boolean {
  const expected = keyOperations.expectedVersion[index] ?? unchecked;
  const reported = keyOperations.readVersion[index] ?? unchecked;
  next.valueId = valueId;
  next.version = version;
  switch (keyOperations.stepKind[index]) {
    case StepKind.read:
      return valueId === keyOperations.readValueId[index] && (reported === unchecked || reported === version);
    case StepKind.casConflict:
      return version === reported && version !== expected;
    case StepKind.write:
      if (expected !== unchecked && version !== expected) return false;
      if (reported !== unchecked && reported !== version + 1) return false;
      break;
    case StepKind.maybeWrite:
      // A timed-out cas that fails here has no effect, which is the same as never placing it: refusing
      // it keeps the search from trying that useless step at every level.
      if (expected !== unchecked && version !== expected) return false;
      break;
  }
  next.valueId = keyOperations.writeValueId[index] ?? noValueId;
  next.version = version + 1;
  return true;
}
