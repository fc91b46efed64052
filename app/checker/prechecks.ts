/**
 * Cheap proofs of a violation, tried on a key before the search: each rule below can only fail on a
 * history no order explains, and each costs at most a sort. They answer at once the keys a search
 * could take exponential time to refute (a read of a value never written, behind many timeouts), and
 * they name the operations that contradict each other, which is a better explanation than a prefix.
 *
 * Versions an operation pins down: a read that reports its version saw that version; a cas refused
 * with currentVersion saw that one; an acknowledged write that reports version v moved the key from
 * v - 1 to v, and an acknowledged cas moved it from its expected version to the next.
 */
import type { PrecheckRule } from './check-result';
import { StepKind, noValueId, unchecked, type KeyOperations } from './key-operations';
import { describeBytes } from './value-text';

export interface PrecheckViolation {
  rule: PrecheckRule;
  /** The operation that cannot be placed, then the others the rule names (indexes into the key's operations). */
  operations: number[];
  message: string;
}

/** The first broken rule, or null when none is (the search must then decide). */
export function precheckKey(keyOperations: KeyOperations): PrecheckViolation | null {
  const facts = new VersionFacts(keyOperations);
  return (
    casMismatch(facts) ??
    unwrittenRead(facts) ??
    twoValuesAtOneVersion(facts) ??
    staleVersion(facts) ??
    tooFewWrites(facts)
  );
}

/** Per operation: the versions before and after its effect, when the history pins them down. */
class VersionFacts {
  readonly before: Float64Array;
  readonly after: Float64Array;
  readonly count: number;

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
 * value, or every one that could was called after the read had returned.
 */
function unwrittenRead(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const writersByValue = new Map<number, number[]>();
  for (let index = 0; index < facts.count; index++) {
    if (!facts.isWrite(index)) continue;
    const valueId = ops.writeValueId[index] ?? noValueId;
    const writers = writersByValue.get(valueId);
    if (writers === undefined) writersByValue.set(valueId, [index]);
    else writers.push(index);
  }
  for (let index = 0; index < facts.count; index++) {
    if (ops.stepKind[index] !== StepKind.read) continue;
    const valueId = ops.readValueId[index] ?? noValueId;
    const version = facts.after[index] ?? unchecked;
    // The key starts with no value at version 0.
    if (valueId === noValueId && (version === unchecked || version === 0)) continue;
    const atVersion = ` at version ${version}`;
    const shown = `${facts.value(valueId)}${version === unchecked ? '' : atVersion}`;
    const could = (writersByValue.get(valueId) ?? []).filter(
      (writer) =>
        version === unchecked ||
        (facts.after[writer] ?? unchecked) === unchecked ||
        facts.after[writer] === version,
    );
    if (version === 0 || could.length === 0) {
      const why =
        version === 0 ? 'version 0 is the key before any write' : 'no write of the key could have left it';
      return violation('never-written', [index], `read ${facts.id(index)} saw ${shown}, but ${why}`);
    }
    const returnMs = ops.returnMs[index] ?? Infinity;
    if (could.every((writer) => (ops.callMs[writer] ?? 0) > returnMs)) {
      const first = could.reduce((a, b) => ((ops.callMs[b] ?? 0) < (ops.callMs[a] ?? 0) ? b : a));
      return violation(
        'written-later',
        [index, first],
        `read ${facts.id(index)} saw ${shown} and returned at ${returnMs} ms, before ${facts.id(first)}, ` +
          `the first write that could have left it, was called at ${ops.callMs[first]} ms`,
      );
    }
  }
  return null;
}

/** One version, two values: two writes made the same version, or a read saw another value there. */
function twoValuesAtOneVersion(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const writerOf = new Map<number, number>();
  for (let index = 0; index < facts.count; index++) {
    if (ops.stepKind[index] !== StepKind.write || facts.after[index] === unchecked) continue;
    const version = facts.after[index] ?? unchecked;
    const other = writerOf.get(version);
    if (other !== undefined) {
      return violation(
        'two-writers',
        [index, other],
        `${facts.id(other)} and ${facts.id(index)} both made version ${version}; each write makes a new version`,
      );
    }
    writerOf.set(version, index);
  }
  const readAt = new Map<number, number>();
  for (let index = 0; index < facts.count; index++) {
    if (ops.stepKind[index] !== StepKind.read || facts.after[index] === unchecked) continue;
    const version = facts.after[index] ?? unchecked;
    const valueId = ops.readValueId[index] ?? noValueId;
    const writer = writerOf.get(version);
    if (writer !== undefined && (ops.writeValueId[writer] ?? noValueId) !== valueId) {
      return violation(
        'two-values',
        [index, writer],
        `read ${facts.id(index)} saw ${facts.value(valueId)} at version ${version}, ` +
          `but ${facts.id(writer)} made version ${version} with ${facts.value(ops.writeValueId[writer] ?? noValueId)}`,
      );
    }
    const other = readAt.get(version);
    if (other !== undefined && (ops.readValueId[other] ?? noValueId) !== valueId) {
      return violation(
        'two-values',
        [index, other],
        `reads ${facts.id(other)} and ${facts.id(index)} saw version ${version} with different values ` +
          `(${facts.value(ops.readValueId[other] ?? noValueId)}, ${facts.value(valueId)})`,
      );
    }
    readAt.set(version, index);
  }
  return null;
}

/**
 * Versions never go down: when A returned before B was called, A took effect first, so the version
 * after A is at most the version B found. Sweeps the operations by call time, with the highest
 * version left by any operation that had returned by then.
 */
function staleVersion(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const byReturn = indexesWhere(facts.count, (index) => facts.after[index] !== unchecked);
  byReturn.sort((a, b) => (ops.returnMs[a] ?? Infinity) - (ops.returnMs[b] ?? Infinity));
  const byCall = indexesWhere(facts.count, (index) => facts.before[index] !== unchecked);
  byCall.sort((a, b) => (ops.callMs[a] ?? 0) - (ops.callMs[b] ?? 0));
  let returned = 0;
  let highest = -1;
  let highestBy = -1;
  for (const index of byCall) {
    const callMs = ops.callMs[index] ?? 0;
    for (; returned < byReturn.length; returned++) {
      const earlier = byReturn[returned] ?? 0;
      if ((ops.returnMs[earlier] ?? Infinity) >= callMs) break;
      if ((facts.after[earlier] ?? unchecked) > highest) {
        highest = facts.after[earlier] ?? unchecked;
        highestBy = earlier;
      }
    }
    const found = facts.before[index] ?? unchecked;
    if (found < highest) {
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
  }
  return null;
}

/** Version v needs v writes: an operation that found version v needs v other writes called before it returned. */
function tooFewWrites(facts: VersionFacts): PrecheckViolation | null {
  const { ops } = facts;
  const writeCalls = indexesWhere(facts.count, (index) => facts.isWrite(index)).map(
    (index) => ops.callMs[index] ?? 0,
  );
  writeCalls.sort((a, b) => a - b);
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

function indexesWhere(count: number, keep: (index: number) => boolean): number[] {
  const kept: number[] = [];
  for (let index = 0; index < count; index++) if (keep(index)) kept.push(index);
  return kept;
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
