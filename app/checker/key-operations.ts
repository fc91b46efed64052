/**
 * The operations of one key, compiled for the search: sorted by call time, values interned to small
 * integers, and each reduced to one of four steps of the key-value model. Operations that can neither
 * change the key nor tell anything about it (failed writes without a version, unanswered reads) are
 * left out here and only counted.
 */
import type { HistoryOperation } from './history';
import { bytesToBinaryString } from '../util/byte-text';

/** How an operation acts on the model `{ valueId, version }`. */
export const StepKind = {
  /** get ok: must see readValueId (and readVersion when known); changes nothing. */
  read: 0,
  /** cas fail with currentVersion: must see version readVersion, which differs from expectedVersion. */
  casConflict: 1,
  /** put, delete or cas that ended ok: applies (cas only at expectedVersion); version must become readVersion when known. */
  write: 2,
  /** put, delete or cas with an unknown outcome: applies (cas only at expectedVersion), or is left out. */
  maybeWrite: 3,
} as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

/** Value id 0 stands for "no value" (absent or deleted). */
export const noValueId = 0;
/** Marks a version or value that the history did not record, so the search does not check it. */
export const unchecked = -1;

export interface KeyOperations {
  key: string;
  /** The source operations, in call order; index i below describes operations[i]. */
  operations: HistoryOperation[];
  stepKind: Uint8Array;
  /** The value a write leaves (noValueId for delete). */
  writeValueId: Int32Array;
  /** cas: the version required; unchecked for put and delete. */
  expectedVersion: Float64Array;
  readValueId: Int32Array;
  readVersion: Float64Array;
  callMs: Float64Array;
  /** Infinity for an unknown outcome: it may take effect at any time after its call. */
  returnMs: Float64Array;
  /** Interned values by id; values[noValueId] is null. */
  values: (Uint8Array | null)[];
  /** Operations of this key that take no part in the search (including timed-out writes nothing could reveal). */
  skipped: number;
}

/** Whether the operation takes part in the search for its key. */
export function takesPart(operation: HistoryOperation): boolean {
  if (operation.outcome === 'ok') return true;
  if (operation.outcome === 'unknown') return operation.kind !== 'get';
  return operation.kind === 'cas' && operation.result?.currentVersion !== undefined;
}

export function compileKeyOperations(key: string, all: readonly HistoryOperation[]): KeyOperations {
  const operations = withoutInvisibleWrites(all.filter(takesPart)).sort((a, b) => a.callMs - b.callMs);
  const count = operations.length;
  const compiled: KeyOperations = {
    key,
    operations,
    stepKind: new Uint8Array(count),
    writeValueId: new Int32Array(count),
    expectedVersion: new Float64Array(count).fill(unchecked),
    readValueId: new Int32Array(count).fill(unchecked),
    readVersion: new Float64Array(count).fill(unchecked),
    callMs: new Float64Array(count),
    returnMs: new Float64Array(count),
    values: [null],
    skipped: all.length - count,
  };
  const interner = new ValueInterner(compiled.values);
  operations.forEach((operation, index) => compileOne(compiled, index, operation, interner));
  return compiled;
}

/**
 * Drops timed-out writes that nothing could ever reveal. When no operation of the key observes a
 * version (no cas, no reported version), a write's only visible trace is its value; if no read
 * returned that value, leaving the write out explains every answer at least as well as applying it.
 * Without this, each such write multiplies the search (this is the common shape of value-only
 * histories converted from other tools, full of timeouts).
 */
function withoutInvisibleWrites(operations: HistoryOperation[]): HistoryOperation[] {
  const versionsObserved = operations.some(
    (operation) => operation.kind === 'cas' || operation.result?.version !== undefined,
  );
  if (versionsObserved) return operations;
  const valuesRead = new Set<string | null>();
  for (const operation of operations) {
    if (operation.kind === 'get') valuesRead.add(valueKey(operation.result?.value ?? null));
  }
  return operations.filter((operation) => {
    if (operation.outcome !== 'unknown') return true;
    return valuesRead.has(valueKey(operation.kind === 'delete' ? null : (operation.value ?? null)));
  });
}

function valueKey(value: Uint8Array | null): string | null {
  return value === null ? null : bytesToBinaryString(value);
}

function compileOne(
  compiled: KeyOperations,
  index: number,
  operation: HistoryOperation,
  interner: ValueInterner,
): void {
  compiled.callMs[index] = operation.callMs;
  compiled.returnMs[index] = operation.outcome === 'unknown' ? Infinity : (operation.returnMs ?? Infinity);
  if (operation.expectedVersion !== undefined) compiled.expectedVersion[index] = operation.expectedVersion;
  compiled.writeValueId[index] = interner.idOf(operation.value ?? null);
  const result = operation.result;
  if (operation.kind === 'get') {
    compiled.stepKind[index] = StepKind.read;
    compiled.readValueId[index] = interner.idOf(result?.value ?? null);
    compiled.readVersion[index] = result?.version ?? unchecked;
  } else if (operation.outcome === 'fail') {
    compiled.stepKind[index] = StepKind.casConflict;
    compiled.readVersion[index] = result?.currentVersion ?? unchecked;
  } else if (operation.outcome === 'unknown') {
    compiled.stepKind[index] = StepKind.maybeWrite;
  } else {
    compiled.stepKind[index] = StepKind.write;
    compiled.readVersion[index] = result?.version ?? unchecked;
  }
}

/** Gives equal byte strings the same small id, so the search compares integers. */
class ValueInterner {
  private readonly idByText = new Map<string, number>();

  constructor(private readonly values: (Uint8Array | null)[]) {}

  idOf(value: Uint8Array | null): number {
    if (value === null) return noValueId;
    const text = bytesToBinaryString(value);
    let id = this.idByText.get(text);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.idByText.set(text, id);
    }
    return id;
  }
}
