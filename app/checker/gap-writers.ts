/**
 * Which unanswered write made each version that no acknowledged write made (a gap), for the
 * linearization by versions (version-order.ts). The latest moment a gap's write can take effect is
 * the first return among the operations that must follow it, and that moment only grows with the
 * version: an unanswered write whose call fits one gap fits every later gap too. So, gap by gap, the
 * earliest-called write that fits loses nothing to later gaps, provided it writes the value the gap's
 * reads saw (a cas, only at the gap after its expected version). A gap no read saw may take any
 * value: first one no gap needs, else one with more writes left than gaps still needing it.
 *
 * A greedy choice, not a search: when it finds no writer the caller searches instead, and whatever
 * it finds is replayed before it is trusted.
 */
import { StepKind, unchecked, type KeyOperations } from './key-operations';
import type { VersionFacts } from './version-facts';

const none = -1;

/** Unanswered writes of one kind of slot, in call order, taken from the front (skipping used ones). */
interface Queue {
  writers: number[];
  head: number;
  /** Writers not yet used. */
  left: number;
}

/** Fills writerOf[v] for every gap v; false when some gap has no unanswered write that fits. */
export function fillGaps(
  keyOperations: KeyOperations,
  facts: VersionFacts,
  top: number,
  writerOf: Int32Array,
  seenValue: Int32Array,
): boolean {
  const { stepKind, writeValueId, expectedVersion, callMs } = keyOperations;
  const latestMs = latestEffects(keyOperations, facts, top);
  /** How many gaps still to fill need each value. */
  const demand = new Map<number, number>();
  for (let version = 1; version <= top; version++) {
    const valueId = seenValue[version] ?? none;
    if (writerOf[version] === none && valueId !== none) demand.set(valueId, (demand.get(valueId) ?? 0) + 1);
  }
  /** Puts and deletes by the value they write (none: a value no gap needs); cas by the gap they fit. */
  const byValue = new Map<number, Queue>();
  const casByGap = new Map<number, Queue>();
  for (let index = 0; index < facts.count; index++) {
    if (stepKind[index] !== StepKind.maybeWrite) continue;
    const expected = expectedVersion[index] ?? unchecked;
    const valueId = writeValueId[index] ?? none;
    if (expected !== unchecked) enqueue(casByGap, expected + 1, index);
    else enqueue(byValue, demand.has(valueId) ? valueId : none, index);
  }
  /** Needed values with more writers left than gaps still needing them: a free gap may take one. */
  const spare = new Set<number>();
  const refreshSpare = (valueId: number): void => {
    const left = byValue.get(valueId)?.left ?? 0;
    if (valueId !== none && left > (demand.get(valueId) ?? 0)) spare.add(valueId);
    else spare.delete(valueId);
  };
  for (const valueId of demand.keys()) refreshSpare(valueId);
  const used = new Uint8Array(facts.count);
  /** The earliest-called unused writer of the queue that fits the gap by value and call, or none. */
  const firstFit = (queue: Queue | undefined, version: number, valueId: number): number => {
    if (queue === undefined) return none;
    while (queue.head < queue.writers.length && used[queue.writers[queue.head] ?? 0] === 1) queue.head++;
    for (let at = queue.head; at < queue.writers.length; at++) {
      const writer = queue.writers[at] ?? 0;
      if ((callMs[writer] ?? 0) > (latestMs[version] ?? Infinity)) return none;
      if (used[writer] === 0 && (valueId === none || writeValueId[writer] === valueId)) return writer;
    }
    return none;
  };
  const earlier = (a: number, b: number): number =>
    a === none || (b !== none && (callMs[b] ?? 0) < (callMs[a] ?? 0)) ? b : a;
  for (let version = 1; version <= top; version++) {
    if (writerOf[version] !== none) continue;
    const valueId = seenValue[version] ?? none;
    let writer = earlier(
      firstFit(byValue.get(valueId), version, valueId),
      firstFit(casByGap.get(version), version, valueId),
    );
    if (writer === none && valueId === none) {
      for (const needed of spare) writer = earlier(writer, firstFit(byValue.get(needed), version, none));
    }
    if (writer === none) return false;
    used[writer] = 1;
    writerOf[version] = writer;
    const isCas = (expectedVersion[writer] ?? unchecked) !== unchecked;
    const written = writeValueId[writer] ?? none;
    const slot = demand.has(written) ? written : none;
    const queue = isCas ? casByGap.get(version) : byValue.get(slot);
    if (queue !== undefined) queue.left--;
    if (valueId !== none) demand.set(valueId, (demand.get(valueId) ?? 0) - 1);
    refreshSpare(valueId);
    if (!isCas) refreshSpare(slot);
  }
  return true;
}

function enqueue(queues: Map<number, Queue>, slot: number, writer: number): void {
  const queue = queues.get(slot);
  if (queue === undefined) queues.set(slot, { writers: [writer], head: 0, left: 1 });
  else {
    queue.writers.push(writer);
    queue.left++;
  }
}

/** latestMs[v]: the first return among the definite operations that found version v or later. */
function latestEffects(keyOperations: KeyOperations, facts: VersionFacts, top: number): Float64Array {
  const latestMs = new Float64Array(top + 2).fill(Infinity);
  for (let index = 0; index < facts.count; index++) {
    const before = facts.before[index] ?? unchecked;
    if (keyOperations.stepKind[index] === StepKind.maybeWrite || before === unchecked) continue;
    latestMs[before] = Math.min(latestMs[before] ?? Infinity, keyOperations.returnMs[index] ?? Infinity);
  }
  for (let version = top; version >= 0; version--) {
    latestMs[version] = Math.min(latestMs[version] ?? Infinity, latestMs[version + 1] ?? Infinity);
  }
  return latestMs;
}
