/**
 * The search against its dumb twin on small random histories. The twin tries every order, so any
 * shortcut in the search (forced reads, version pruning, memoisation, unknown outcomes at infinity)
 * that changed a verdict shows up here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation, OperationKind, OperationOutcome } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { bruteForceLinearizable, replayLinearization } from './brute-force-checker';
import { bytes } from './history-builders';

const smallValue = fc.constantFrom('x', 'y', 'z');
const smallVersion = fc.integer({ min: 0, max: 3 });

const operationShape = fc.record({
  kind: fc.constantFrom<OperationKind>('get', 'put', 'delete', 'cas'),
  key: fc.constantFrom('a', 'a', 'a', 'b'),
  callMs: fc.integer({ min: 0, max: 12 }),
  durationMs: fc.integer({ min: 0, max: 8 }),
  outcome: fc.constantFrom<OperationOutcome>('ok', 'ok', 'ok', 'fail', 'unknown'),
  value: smallValue,
  readValue: fc.option(smallValue, { nil: null }),
  expectedVersion: smallVersion,
  version: fc.option(smallVersion, { nil: undefined, freq: 2 }),
});

type Shape = typeof operationShape extends fc.Arbitrary<infer T> ? T : never;

/** Turns a random shape into a valid operation: results only where the format allows them. */
function toOperation(shape: Shape, index: number): HistoryOperation {
  const unknown = shape.outcome === 'unknown';
  const operation: HistoryOperation = {
    id: `o${index}`,
    client: `c${index}`,
    kind: shape.kind,
    key: shape.key,
    callMs: shape.callMs,
    returnMs: unknown ? null : shape.callMs + shape.durationMs,
    outcome: shape.kind === 'get' && shape.outcome === 'fail' ? 'ok' : shape.outcome,
  };
  if (shape.kind === 'put' || shape.kind === 'cas') operation.value = bytes(shape.value);
  if (shape.kind === 'cas') operation.expectedVersion = shape.expectedVersion;
  if (operation.outcome === 'ok') {
    if (shape.kind === 'get') {
      operation.result = { value: shape.readValue === null ? null : bytes(shape.readValue) };
      if (shape.version !== undefined) operation.result.version = shape.version;
    } else if (shape.version !== undefined) {
      operation.result = { version: shape.version + 1 };
    }
  } else if (operation.outcome === 'fail' && shape.kind === 'cas' && shape.version !== undefined) {
    operation.result = { currentVersion: shape.version };
  }
  return operation;
}

const smallHistory = fc
  .array(operationShape, { minLength: 1, maxLength: 7 })
  .map((shapes) => shapes.map(toOperation));

describe('search against the brute-force twin', () => {
  it('agrees on every small random history, and its orders replay', () => {
    let linearizable = 0;
    fc.assert(
      fc.property(smallHistory, (history) => {
        const result = checkHistory(history);
        const expected = bruteForceLinearizable(history);
        expect(result.verdict).toBe(expected ? 'ok' : 'violation');
        if (expected) linearizable++;
        for (const key of result.keys) {
          expect(
            replayLinearization(history, key.key, key.linearizedPrefix, key.verdict !== 'ok'),
          ).toBeNull();
        }
      }),
      { numRuns: 2000 },
    );
    // The generator must produce both kinds (about a quarter are linearizable), or agreement proves little.
    expect(linearizable).toBeGreaterThan(200);
    expect(linearizable).toBeLessThan(1800);
  });
});
