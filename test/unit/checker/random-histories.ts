/**
 * Random small histories for the property tests: every operation valid, results only where the
 * format allows them, versions reported about two times in three. Short on purpose, so the
 * brute-force twin can try every order; `unknownWeight` makes timed-out writes more common, the
 * shape that makes searches slow.
 */
import fc from 'fast-check';
import type { HistoryOperation, OperationOutcome } from '../../../app/checker/history';
import type { KvOperationKind } from '../../../app/kv/operations';
import { bytes } from './history-builders';

const smallValue = fc.constantFrom('x', 'y', 'z');

export interface RandomHistoryShape {
  maxLength: number;
  /** Relative weight of the unknown outcome against ok (3) and fail (1). */
  unknownWeight?: number;
  /** Versions drawn from 0 to this. */
  versionMax?: number;
  /** Both keys (a, b) or key a only. */
  keys?: 1 | 2;
}

export function randomHistory({
  maxLength,
  unknownWeight = 1,
  versionMax = 3,
  keys = 2,
}: RandomHistoryShape): fc.Arbitrary<HistoryOperation[]> {
  const operationShape = fc.record({
    kind: fc.constantFrom<KvOperationKind>('get', 'put', 'delete', 'cas'),
    key: keys === 2 ? fc.constantFrom('a', 'a', 'a', 'b') : fc.constant('a'),
    callMs: fc.integer({ min: 0, max: 12 }),
    durationMs: fc.integer({ min: 0, max: 8 }),
    outcome: fc.oneof(
      { arbitrary: fc.constant<OperationOutcome>('ok'), weight: 3 },
      { arbitrary: fc.constant<OperationOutcome>('fail'), weight: 1 },
      { arbitrary: fc.constant<OperationOutcome>('unknown'), weight: unknownWeight },
    ),
    value: smallValue,
    readValue: fc.option(smallValue, { nil: null }),
    expectedVersion: fc.integer({ min: 0, max: versionMax }),
    version: fc.option(fc.integer({ min: 0, max: versionMax }), { nil: undefined, freq: 2 }),
  });
  return fc.array(operationShape, { minLength: 1, maxLength }).map((shapes) => shapes.map(toOperation));
}

type Shape = {
  kind: KvOperationKind;
  key: string;
  callMs: number;
  durationMs: number;
  outcome: OperationOutcome;
  value: string;
  readValue: string | null;
  expectedVersion: number;
  version: number | undefined;
};

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
