/**
 * Checks that an operation record is complete and consistent before the checker trusts it. Shared by
 * the JSON-lines decoder (which reports line numbers) and checkHistory (which reports array indexes),
 * so in-memory histories from the simulator get the same rules as recorded files.
 */
import type { HistoryOperation, OperationKind, OperationOutcome, OperationResult } from './history';
import { HistoryFormatError, showValue, type HistoryLocation } from './history-error';

const kinds: readonly OperationKind[] = ['get', 'put', 'delete', 'cas'];
const outcomes: readonly OperationOutcome[] = ['ok', 'fail', 'unknown'];
const operationFields = new Set([
  'id',
  'client',
  'kind',
  'key',
  'value',
  'expectedVersion',
  'callMs',
  'returnMs',
  'outcome',
  'result',
]);
const resultFields = new Set(['value', 'version', 'currentVersion']);
/** Ids and client names are labels; keys follow the store's own key limit. */
const labelLengthMax = 256;
const keyLengthMax = 4096;

type Fields = Record<string, unknown>;

/** Returns the record typed as an operation, or throws HistoryFormatError naming the first bad field. */
export function validateOperation(raw: unknown, location: HistoryLocation): HistoryOperation {
  const fail: Fail = (field, rule, ...got) => {
    throw new HistoryFormatError(
      location,
      field,
      got.length > 0 ? `${rule}, got ${showValue(got[0])}` : rule,
    );
  };
  if (!isObject(raw)) return fail('', 'must be an object', raw);
  rejectUnknownFields(raw, operationFields, '', fail);
  const kind = requireMember(raw, 'kind', kinds, fail);
  const outcome = requireMember(raw, 'outcome', outcomes, fail);
  const operation: HistoryOperation = {
    id: requireLabel(raw, 'id', labelLengthMax, fail),
    client: requireLabel(raw, 'client', labelLengthMax, fail),
    kind,
    key: requireLabel(raw, 'key', keyLengthMax, fail),
    callMs: requireTime(raw, 'callMs', fail),
    returnMs: validateReturn(raw, outcome, fail),
    outcome,
  };
  validateArguments(raw, operation, fail);
  const result = validateResult(raw.result, kind, outcome, fail);
  if (result !== undefined) operation.result = result;
  return operation;
}

/** Validates every operation and that ids are unique; returns the typed array. */
export function validateHistory(raw: readonly unknown[]): HistoryOperation[] {
  const operations = raw.map((item, index) => validateOperation(item, { index }));
  const firstIndexById = new Map<string, number>();
  operations.forEach((operation, index) => {
    const first = firstIndexById.get(operation.id);
    if (first !== undefined) {
      throw new HistoryFormatError(
        { index },
        'id',
        `must be unique, "${operation.id}" is also operation [${first}]`,
      );
    }
    firstIndexById.set(operation.id, index);
  });
  return operations;
}

/** Throws for `field`; a third argument, even undefined, is shown as what was found. */
type Fail = (field: string, rule: string, ...got: [found?: unknown]) => never;

function isObject(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function rejectUnknownFields(raw: Fields, allowed: Set<string>, prefix: string, fail: Fail): void {
  for (const name of Object.keys(raw)) {
    if (!allowed.has(name))
      fail(prefix + name, `is not a field of a history operation (allowed: ${[...allowed].join(', ')})`);
  }
}

function requireMember<T extends string>(raw: Fields, field: string, allowed: readonly T[], fail: Fail): T {
  const value = raw[field];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  return fail(field, `must be one of ${allowed.join(', ')}`, value);
}

function requireLabel(raw: Fields, field: string, lengthMax: number, fail: Fail): string {
  const value = raw[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > lengthMax) {
    return fail(field, `must be a string of 1 to ${lengthMax} characters`, value);
  }
  return value;
}

function requireTime(raw: Fields, field: string, fail: Fail): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isFinite(value))
    return fail(field, 'must be a finite number', value);
  return value;
}

function validateReturn(raw: Fields, outcome: OperationOutcome, fail: Fail): number | null {
  if (raw.returnMs === null || (raw.returnMs === undefined && outcome === 'unknown')) {
    if (outcome !== 'unknown') fail('returnMs', `must be a number when outcome is ${outcome}`, raw.returnMs);
    return null;
  }
  const returnMs = requireTime(raw, 'returnMs', fail);
  const callMs = raw.callMs as number;
  if (returnMs < callMs) fail('returnMs', `must be at least callMs (${callMs})`, returnMs);
  return returnMs;
}

/** The request's own fields: value for put and cas, expectedVersion for cas, nothing else. */
function validateArguments(raw: Fields, operation: HistoryOperation, fail: Fail): void {
  const writesValue = operation.kind === 'put' || operation.kind === 'cas';
  if (writesValue) {
    if (!(raw.value instanceof Uint8Array))
      fail('value', `is required for ${operation.kind} (bytes)`, raw.value);
    operation.value = raw.value as Uint8Array;
  } else if (raw.value !== undefined) {
    fail('value', `is not allowed for ${operation.kind}`);
  }
  if (operation.kind === 'cas') {
    operation.expectedVersion = requireVersion(raw.expectedVersion, 'expectedVersion', 0, fail);
  } else if (raw.expectedVersion !== undefined) {
    fail('expectedVersion', `is allowed only for cas, not ${operation.kind}`);
  }
}

function requireVersion(value: unknown, field: string, minimum: number, fail: Fail): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    return fail(field, `must be an integer from ${minimum} to ${Number.MAX_SAFE_INTEGER}`, value);
  }
  return value;
}

/** Which result fields an outcome carries: see docs/history-format.md, "result". */
function validateResult(
  raw: unknown,
  kind: OperationKind,
  outcome: OperationOutcome,
  fail: Fail,
): OperationResult | undefined {
  const readsValue = kind === 'get' && outcome === 'ok';
  if (raw === undefined) {
    if (readsValue) fail('result', 'is required for a get that ended ok (it holds the value read)');
    return undefined;
  }
  if (!isObject(raw)) return fail('result', 'must be an object', raw);
  if (outcome === 'unknown') fail('result', 'is not allowed when outcome is unknown (no answer came)');
  rejectUnknownFields(raw, resultFields, 'result.', fail);
  const result: OperationResult = {};
  if (readsValue) {
    if (raw.value !== null && !(raw.value instanceof Uint8Array)) {
      fail('result.value', 'is required for a get that ended ok (bytes, or null for no value)', raw.value);
    }
    result.value = raw.value as Uint8Array | null;
  } else if (raw.value !== undefined) {
    fail('result.value', `is allowed only for a get that ended ok, not a ${kind} that ended ${outcome}`);
  }
  if (raw.version !== undefined) {
    if (outcome !== 'ok') fail('result.version', `is allowed only when outcome is ok, not ${outcome}`);
    result.version = requireVersion(raw.version, 'result.version', kind === 'get' ? 0 : 1, fail);
  }
  if (raw.currentVersion !== undefined) {
    if (kind !== 'cas' || outcome !== 'fail') {
      fail(
        'result.currentVersion',
        `is allowed only for a cas that ended fail, not a ${kind} that ended ${outcome}`,
      );
    }
    result.currentVersion = requireVersion(raw.currentVersion, 'result.currentVersion', 0, fail);
  }
  return result;
}
