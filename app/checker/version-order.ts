/**
 * A linearization read straight off the reported versions, with no search. When every definite
 * operation pins down its versions (version-facts.ts), the order is forced: version by version, the
 * acknowledged write that made it, then the operations that saw it. A version no acknowledged write
 * made (a gap) can only have been made by an unanswered write, so each gap takes one that fits it
 * (gap-writers.ts); unanswered writes left over never happened.
 *
 * The order is replayed against real time and the model before it is trusted. When anything does not
 * fit, the caller searches instead: this only ever says 'linearizable', and only with a proof.
 */
import { StepKind, unchecked, type KeyOperations } from './key-operations';
import { initialModelState, stepModel, type ModelState } from './kv-model';
import { fillGaps } from './gap-writers';
import type { VersionFacts } from './version-facts';

export interface VersionOrder {
  /** Operation indexes in linearization order: every definite operation and the unanswered writes that filled gaps. */
  order: number[];
  /** The key's state after the order. */
  state: ModelState;
}

const none = -1;

export function linearizeByVersions(keyOperations: KeyOperations, facts: VersionFacts): VersionOrder | null {
  const top = highestVersion(keyOperations, facts);
  if (top === null) return null;
  const writerOf = acknowledgedWriters(facts, top);
  const seenValue = gapValues(keyOperations, facts, top);
  if (writerOf === null || seenValue === null) return null;
  if (!fillGaps(keyOperations, facts, top, writerOf, seenValue)) return null;
  const order = versionOrder(keyOperations, facts, top, writerOf);
  const state = replay(keyOperations, order);
  return state === null ? null : { order, state };
}

/** The highest version any definite operation reached; null when one of them pins no version down. */
function highestVersion({ stepKind }: KeyOperations, facts: VersionFacts): number | null {
  let top = 0;
  for (let index = 0; index < facts.count; index++) {
    if (stepKind[index] === StepKind.maybeWrite) continue;
    const after = facts.after[index] ?? unchecked;
    if (after === unchecked) return null;
    top = Math.max(top, after);
  }
  // Each version needs a write of its own: more versions than operations cannot be filled.
  return top <= facts.count ? top : null;
}

/** writerOf[v]: the acknowledged write that made version v, or none; null when two did. */
function acknowledgedWriters(facts: VersionFacts, top: number): Int32Array | null {
  const writerOf = new Int32Array(top + 1).fill(none);
  for (const [version, writers] of facts.writersAt) {
    if (writers.length > 1 || version > top) return null;
    writerOf[version] = writers[0] ?? none;
  }
  return writerOf;
}

/** seenValue[v]: the value the reads of version v saw, or none when no read saw it; null when they disagree. */
function gapValues(keyOperations: KeyOperations, facts: VersionFacts, top: number): Int32Array | null {
  const seenValue = new Int32Array(top + 1).fill(none);
  for (let index = 0; index < facts.count; index++) {
    if (keyOperations.stepKind[index] !== StepKind.read) continue;
    const version = facts.after[index] ?? 0;
    const valueId = keyOperations.readValueId[index] ?? none;
    if (seenValue[version] !== none && seenValue[version] !== valueId) return null;
    seenValue[version] = valueId;
  }
  return seenValue;
}

/** Version by version: its write, then the reads and refused cas that saw it, in call order. */
function versionOrder(
  keyOperations: KeyOperations,
  facts: VersionFacts,
  top: number,
  writerOf: Int32Array,
): number[] {
  const observersAt: number[][] = Array.from({ length: top + 1 }, () => []);
  for (let index = 0; index < facts.count; index++) {
    const kind = keyOperations.stepKind[index];
    if (kind === StepKind.read || kind === StepKind.casConflict)
      observersAt[facts.after[index] ?? 0]?.push(index);
  }
  const order: number[] = [];
  for (let version = 0; version <= top; version++) {
    if (version > 0) order.push(writerOf[version] ?? none);
    order.push(...(observersAt[version] ?? []));
  }
  return order;
}

/**
 * Checks the order: every step allowed by the model, and no operation placed before one that
 * returned before it was called. Returns the final state, or null when the order is not a linearization.
 */
function replay(keyOperations: KeyOperations, order: readonly number[]): ModelState | null {
  const { callMs, returnMs } = keyOperations;
  let firstReturnAfter = Infinity;
  for (let at = order.length - 1; at >= 0; at--) {
    const operation = order[at] ?? 0;
    if ((callMs[operation] ?? 0) > firstReturnAfter) return null;
    firstReturnAfter = Math.min(firstReturnAfter, returnMs[operation] ?? Infinity);
  }
  const state = initialModelState();
  const next = initialModelState();
  for (const operation of order) {
    if (!stepModel(keyOperations, operation, state.valueId, state.version, next)) return null;
    state.valueId = next.valueId;
    state.version = next.version;
  }
  return state;
}
