/**
 * Checks that an operation record is complete and consistent before the checker trusts it. Shared by
 * the JSON-lines decoder (which reports line numbers) and checkHistory (which reports array indexes),
 * so in-memory histories from the simulator get the same rules as recorded files. It only reads: a
 * valid record is returned as it is, so checking a large history allocates nothing per operation.
 */
import { kvOperationKinds, type KvOperationKind } from '../kv/operations';
import type { HistoryOperation, OperationOutcome } from './history';
import { HistoryFormatError, showValue, type HistoryLocation } from './history-error';

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
export function validateOperation(raw: unknown, at: HistoryLocation): HistoryOperation {
  if (!isObject(raw)) return fail(at, '', 'must be an object', raw);
  rejectUnknownFields(raw, operationFields, '', at);
  requireMember(raw, 'kind', kvOperationKinds, at);
  requireMember(raw, 'outcome', outcomes, at);
  requireLabel(raw, 'id', labelLengthMax, at);
  requireLabel(raw, 'client', labelLengthMax, at);
  requireLabel(raw, 'key', keyLengthMax, at);
  requireTime(raw, 'callMs', at);
  const operation = raw as unknown as HistoryOperation;
  checkReturn(operation, at);
  checkArguments(operation, at);
  checkResult(raw.result, operation.kind, operation.outcome, at);
  return operation;
}

/** Validates every operation and that ids are unique; returns the same array, typed. */
export function validateHistory(raw: readonly unknown[]): HistoryOperation[] {
  const ids = new Set<string>();
  raw.forEach((item, index) => {
    const { id } = validateOperation(item, { index });
    if (ids.has(id)) {
      const first = raw.findIndex((other) => (other as HistoryOperation).id === id);
      fail({ index }, 'id', `must be unique, "${id}" is also operation [${first}]`);
    }
    ids.add(id);
  });
  return raw as HistoryOperation[];
}

/** Throws for `field`; a fourth argument, even undefined, is shown as what was found. */
function fail(at: HistoryLocation, field: string, rule: string, ...got: [found?: unknown]): never {
  throw new HistoryFormatError(at, field, got.length > 0 ? `${rule}, got ${showValue(got[0])}` : rule);
}

function isObject(value: unknown): value is Fields {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function rejectUnknownFields(raw: Fields, allowed: Set<string>, prefix: string, at: HistoryLocation): void {
  for (const name in raw) {
    if (!allowed.has(name)) {
      fail(at, prefix + name, `is not a field of a history operation (allowed: ${[...allowed].join(', ')})`);
    }
  }
}

function requireMember(raw: Fields, field: string, allowed: readonly string[], at: HistoryLocation): void {
  const value = raw[field];
  if (typeof value !== 'string' || !allowed.includes(value)) {
    fail(at, field, `must be one of ${allowed.join(', ')}`, value);
  }
}

function requireLabel(raw: Fields, field: string, lengthMax: number, at: HistoryLocation): void {
  const value = raw[field];
  if (typeof value !== 'string' || value.length === 0 || value.length > lengthMax) {
    fail(at, field, `must be a string of 1 to ${lengthMax} characters`, value);
  }
}

function requireTime(raw: Fields, field: string, at: HistoryLocation): void {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(at, field, 'must be a finite number', value);
}

function checkReturn({ returnMs, callMs, outcome }: HistoryOperation, at: HistoryLocation): void {
  if (returnMs === null) {
    if (outcome !== 'unknown') fail(at, 'returnMs', `must be a number when outcome is ${outcome}`, returnMs);
    return;
  }
  if (typeof returnMs !== 'number' || !Number.isFinite(returnMs)) {
    fail(at, 'returnMs', 'must be a finite number, or null when outcome is unknown', returnMs);
  }
  if (returnMs < callMs) fail(at, 'returnMs', `must be at least callMs (${callMs})`, returnMs);
}

/** The request's own fields: value for put and cas, expectedVersion for cas, nothing else. */
function checkArguments({ kind, value, expectedVersion }: HistoryOperation, at: HistoryLocation): void {
  if (kind === 'put' || kind === 'cas') {
    if (!(value instanceof Uint8Array)) fail(at, 'value', `is required for ${kind} (bytes)`, value);
  } else if (value !== undefined) {
    fail(at, 'value', `is not allowed for ${kind}`);
  }
  if (kind === 'cas') requireVersion(expectedVersion, 'expectedVersion', 0, at);
  else if (expectedVersion !== undefined) fail(at, 'expectedVersion', `is allowed only for cas, not ${kind}`);
}

function requireVersion(value: unknown, field: string, minimum: number, at: HistoryLocation): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    fail(at, field, `must be an integer from ${minimum} to ${Number.MAX_SAFE_INTEGER}`, value);
  }
}

/** Which result fields an outcome carries: see docs/history-format.md, "outcome and result". */
function checkResult(
  raw: unknown,
  kind: KvOperationKind,
  outcome: OperationOutcome,
  at: HistoryLocation,
): void {
  const readsValue = kind === 'get' && outcome === 'ok';
  const ended = `a ${kind} that ended ${outcome}`;
  if (raw === undefined) {
    if (readsValue) fail(at, 'result', 'is required for a get that ended ok (it holds the value read)');
    return;
  }
  if (!isObject(raw)) return fail(at, 'result', 'must be an object', raw);
  if (outcome === 'unknown') fail(at, 'result', 'is not allowed when outcome is unknown (no answer came)');
  rejectUnknownFields(raw, resultFields, 'result.', at);
  if (readsValue) {
    if (raw.value !== null && !(raw.value instanceof Uint8Array)) {
      fail(
        at,
        'result.value',
        'is required for a get that ended ok (bytes, or null for no value)',
        raw.value,
      );
    }
  } else if (raw.value !== undefined) {
    fail(at, 'result.value', `is allowed only for a get that ended ok, not ${ended}`);
  }
  if (raw.version !== undefined) {
    if (outcome !== 'ok') fail(at, 'result.version', `is allowed only when outcome is ok, not ${outcome}`);
    requireVersion(raw.version, 'result.version', kind === 'get' ? 0 : 1, at);
  }
  if (raw.currentVersion !== undefined) {
    if (kind !== 'cas' || outcome !== 'fail') {
      fail(at, 'result.currentVersion', `is allowed only for a cas that ended fail, not ${ended}`);
    }
    requireVersion(raw.currentVersion, 'result.currentVersion', 0, at);
  }
}
