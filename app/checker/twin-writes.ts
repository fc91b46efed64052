/**
 * Timed-out writes that no answer can tell apart. Two unanswered writes are twins when they have the
 * same effect on every answer: the same expected version (cas) and the same value, or values that no
 * read of the key ever returned (a read sees neither, so which one the key holds changes nothing).
 * Unanswered writes never return, so the only thing that orders twins is their call: if a
 * linearization applies the later-called twin while the earlier one is still unapplied, swapping the
 * two gives another linearization (the earlier one may take effect wherever the later one could, and
 * the later one wherever the earlier one did, or never). So the search may apply twins in call order
 * only: each one only after its previous twin. That turns n interchangeable timeouts from 2^n subsets
 * into n + 1 choices, whatever the history reports about versions.
 */
import { StepKind, unchecked, type KeyOperations } from './key-operations';

/** previousTwin[i]: the twin the search must apply before unanswered write i, or -1 (none, or not such a write). */
export function previousTwins(keyOperations: KeyOperations): Int32Array {
  const { stepKind, writeValueId, readValueId, expectedVersion } = keyOperations;
  const count = stepKind.length;
  const previous = new Int32Array(count).fill(-1);
  if (!stepKind.includes(StepKind.maybeWrite)) return previous;
  const valuesRead = new Set<number>();
  for (let index = 0; index < count; index++) {
    if (stepKind[index] === StepKind.read) valuesRead.add(readValueId[index] ?? unchecked);
  }
  /** The latest unanswered write of each class, by class name. */
  const latest = new Map<string, number>();
  // Operations are in call order, so the latest of a class seen so far is the previous twin.
  for (let index = 0; index < count; index++) {
    if (stepKind[index] !== StepKind.maybeWrite) continue;
    const valueId = writeValueId[index] ?? unchecked;
    const value = valuesRead.has(valueId) ? String(valueId) : 'unread';
    const twinClass = `${value}/${expectedVersion[index] ?? unchecked}`;
    previous[index] = latest.get(twinClass) ?? -1;
    latest.set(twinClass, index);
  }
  return previous;
}

/** How many classes of twins the unanswered writes form: what the search must still choose among. */
export function twinClassCount(previous: Int32Array, keyOperations: KeyOperations): number {
  let classes = 0;
  previous.forEach((twin, index) => {
    if (twin === -1 && keyOperations.stepKind[index] === StepKind.maybeWrite) classes++;
  });
  return classes;
}
