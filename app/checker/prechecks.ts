/**
 * Cheap proofs of a violation, tried on a key before the search: each rule below can only fail on a
 * history no order explains, and each costs at most a sort. They answer at once the keys a search
 * could take exponential time to refute (a read of a value never written, behind many timeouts), and
 * they name the operations that contradict each other, which is a better explanation than a prefix.
 * The versions each operation pins down are read by version-facts.ts.
 */
import type { PrecheckRule } from './check-result';
import { StepKind, noValueId, unchecked, type KeyOperations } from './key-operations';
import { ReturnHeap } from './return-heap';
import { VersionFacts } from './version-facts';

export interface PrecheckViolation {
  rule: PrecheckRule;
  /** The operation that cannot be placed, then the others the rule names (indexes into the key's operations). */
  operations: number[];
  message: string;
}

/** The first broken rule, or null when none is (the search must then decide). */
export function precheckKey(
  keyOperations: KeyOperations,
  facts = new VersionFacts(keyOperations),
): PrecheckViolation | null {
  return (
    casMismatch(facts) ??
    unwrittenRead(facts) ??
    twoValuesAtOneVersion(facts) ??
    staleVersion(facts) ??
    tooFewWrites(facts)
  );
}

/** A cas refused at the version it expected, or acknowledged with a version other than expected + 1. */
function casMismatch(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  for (let index = 0; index < facts.count; index++) {
    const expected = ops.expectedVersion[index] ?? unchecked;
    const reported = ops.readVersion[index] ?? unchecked;
    if (expected === unchecked || reported === unchecked) continue;
    const kind = ops.stepKind[index];
    if (kind === StepKind.casConflict && reported === expected) {
      return violation(
        'cas-version',
        [index],
        `cas ${facts.id(index)} was refused, yet found the version ${expected} it expected`,
      );
    }
    if (kind === StepKind.write && reported !== expected + 1) {
      return violation(
        'cas-version',
        [index],
        `cas ${facts.id(index)} expected version ${expected}, so it can only make ${expected + 1}, yet reported ${reported}`,
      );
    }
  }
  return null;
}

/**
 * A read whose value (at its version, when reported) no write could have left: none writes that
 * value, or every one that could was called after the read had returned. Linear: the operations are
 * in call order, so the first writer of a value met is its earliest.
 */
function unwrittenRead(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const firstWriterOf = new Map<number, number>();
  const firstUnversionedWriterOf = new Map<number, number>();
  for (let index = 0; index < facts.count; index++) {
    if (!facts.isWrite(index)) continue;
    const valueId = ops.writeValueId[index] ?? noValueId;
    if (!firstWriterOf.has(valueId)) firstWriterOf.set(valueId, index);
    if (facts.after[index] === unchecked && !firstUnversionedWriterOf.has(valueId)) {
      firstUnversionedWriterOf.set(valueId, index);
    }
  }
  for (let index = 0; index < facts.count; index++) {
    if (ops.stepKind[index] !== StepKind.read) continue;
    const valueId = ops.readValueId[index] ?? noValueId;
    const version = facts.after[index] ?? unchecked;
    // The key starts with no value at version 0.
    if (valueId === noValueId && (version === unchecked || version === 0)) continue;
    let first = version === unchecked ? firstWriterOf.get(valueId) : firstUnversionedWriterOf.get(valueId);
    if (version !== unchecked) {
      const writer = facts.writersAt.get(version)?.find((made) => ops.writeValueId[made] === valueId);
      if (writer !== undefined && (first === undefined || writer < first)) first = writer;
    }
    if (version === 0 || first === undefined) {
      const why =
        version === 0 ? 'version 0 is the key before any write' : 'no write of the key could have left it';
      return violation(
        'never-written',
        [index],
        `read ${facts.id(index)} saw ${readShown(facts, index)}, but ${why}`,
      );
    }
    const returnMs = ops.returnMs[index] ?? Infinity;
    if ((ops.callMs[first] ?? 0) > returnMs) {
      return violation(
        'written-later',
        [index, first],
        `read ${facts.id(index)} saw ${readShown(facts, index)} and returned at ${returnMs} ms, before ` +
          `${facts.id(first)}, the first write that could have left it, was called at ${ops.callMs[first]} ms`,
      );
    }
  }
  return null;
}

/** What a read saw: the value, and the version when it reported one. */
function readShown(facts: VersionFacts, read: number): string {
  const version = facts.after[read] ?? unchecked;
  const value = facts.value(facts.ops.readValueId[read] ?? noValueId);
  return version === unchecked ? value : `${value} at version ${version}`;
}

/** One version, two values: two writes made the same version, or a read saw another value there. */
function twoValuesAtOneVersion(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  for (const [version, [first, second]] of facts.writersAt) {
    if (first === undefined || second === undefined) continue;
    return violation(
      'two-writers',
      [second, first],
      `${facts.id(first)} and ${facts.id(second)} both made version ${version}; each write makes a new version`,
    );
  }
  const readAt = new Map<number, number>();
  for (let index = 0; index < facts.count; index++) {
    if (ops.stepKind[index] !== StepKind.read || facts.after[index] === unchecked) continue;
    const version = facts.after[index] ?? unchecked;
    const valueId = ops.readValueId[index] ?? noValueId;
    const writer = facts.writersAt.get(version)?.[0];
    if (writer !== undefined && (ops.writeValueId[writer] ?? noValueId) !== valueId) {
      return violation(
        'two-values',
        [index, writer],
        `read ${facts.id(index)} saw ${facts.value(valueId)} at version ${version}, ` +
          `but ${facts.id(writer)} made version ${version} with ${facts.value(ops.writeValueId[writer] ?? noValueId)}`,
      );
    }
    const other = readAt.get(version);
    if (other === undefined) readAt.set(version, index);
    else if ((ops.readValueId[other] ?? noValueId) !== valueId) {
      return violation(
        'two-values',
        [index, other],
        `reads ${facts.id(other)} and ${facts.id(index)} saw version ${version} with different values ` +
          `(${facts.value(ops.readValueId[other] ?? noValueId)}, ${facts.value(valueId)})`,
      );
    }
  }
  return null;
}

/**
 * Versions never go down: when A returned before B was called, A took effect first, so the version
 * after A is at most the version B found. Sweeps the operations in call order, with the highest
 * version left by any operation that had returned by then.
 */
function staleVersion(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const inFlight = new ReturnHeap(facts.count);
  let highest = -1;
  let highestBy = -1;
  // The operations are in call order: one that returned before this call was pushed already.
  for (let index = 0; index < facts.count; index++) {
    const callMs = ops.callMs[index] ?? 0;
    while (inFlight.peekReturnMs() < callMs) {
      const earlier = inFlight.pop();
      if ((facts.after[earlier] ?? unchecked) > highest) {
        highest = facts.after[earlier] ?? unchecked;
        highestBy = earlier;
      }
    }
    const found = facts.before[index] ?? unchecked;
    if (found !== unchecked && found < highest) {
      const what =
        ops.stepKind[index] === StepKind.write
          ? `needs version ${found} to make ${found + 1}`
          : `saw version ${found}`;
      return violation(
        'stale-version',
        [index, highestBy],
        `${facts.id(index)} ${what}, but ${facts.id(highestBy)} had already left version ${highest} ` +
          `(it returned at ${ops.returnMs[highestBy]} ms, before ${facts.id(index)} was called at ${callMs} ms)`,
      );
    }
    if (facts.after[index] !== unchecked) inFlight.push(index, ops.returnMs[index] ?? Infinity);
  }
  return null;
}

/** Version v needs v writes: an operation that found version v needs v other writes called before it returned. */
function tooFewWrites(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  // The operations are in call order, so the writes' call times come out sorted.
  const writeCalls: number[] = [];
  for (let index = 0; index < facts.count; index++)
    if (facts.isWrite(index)) writeCalls.push(ops.callMs[index] ?? 0);
  for (let index = 0; index < facts.count; index++) {
    const found = facts.before[index] ?? unchecked;
    if (found === unchecked || found === 0) continue;
    const returnMs = ops.returnMs[index] ?? Infinity;
    const called = countAtMost(writeCalls, returnMs) - (facts.isWrite(index) ? 1 : 0);
    if (called < found) {
      const what =
        ops.stepKind[index] === StepKind.write
          ? `needs version ${found} to make ${found + 1}`
          : `saw version ${found}`;
      return violation(
        'too-few-writes',
        [index],
        `${facts.id(index)} ${what}, but only ${called} other write${called === 1 ? ' was' : 's were'} called ` +
          `before it returned at ${returnMs} ms`,
      );
    }
  }
  return null;
}

function violation(rule: PrecheckRule, operations: number[], message: string): PrecheckViolation {
  return { rule, operations, message };
}

/** How many of the sorted values are ≤ limit. */
function countAtMost(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] ?? 0) <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
