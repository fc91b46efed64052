/** Short builders for hand-made histories: one line per operation reads like a timeline. */
import type { HistoryOperation, OperationOutcome } from '../../../app/checker/history';

const encoder = new TextEncoder();
let nextId = 0;

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

interface Timing {
  /** Defaults to a fresh id. */
  id?: string;
  client?: string;
  key?: string;
  at: [callMs: number, returnMs: number | null];
  outcome?: OperationOutcome;
}

function base(timing: Timing): Omit<HistoryOperation, 'kind'> {
  const id = timing.id ?? `op${nextId++}`;
  return {
    id,
    client: timing.client ?? id,
    key: timing.key ?? 'k',
    callMs: timing.at[0],
    returnMs: timing.at[1],
    outcome: timing.outcome ?? (timing.at[1] === null ? 'unknown' : 'ok'),
  };
}

/** A get that read `value` (null: nothing) at `version` (omit to leave it unchecked). */
export function get(timing: Timing, value: string | null, version?: number): HistoryOperation {
  const result =
    version === undefined
      ? { value: value === null ? null : bytes(value) }
      : { value: value === null ? null : bytes(value), version };
  return { ...base(timing), kind: 'get', result };
}

/** A put; `version` is the version it reported (omit for none, or for unknown and fail outcomes). */
export function put(timing: Timing, value: string, version?: number): HistoryOperation {
  const operation: HistoryOperation = { ...base(timing), kind: 'put', value: bytes(value) };
  if (version !== undefined) operation.result = { version };
  return operation;
}

export function del(timing: Timing, version?: number): HistoryOperation {
  const operation: HistoryOperation = { ...base(timing), kind: 'delete' };
  if (version !== undefined) operation.result = { version };
  return operation;
}

/** A cas that succeeded (reporting `version`), or with outcome fail a conflict reporting `version` as current. */
export function cas(
  timing: Timing,
  expectedVersion: number,
  value: string,
  version?: number,
): HistoryOperation {
  const operation: HistoryOperation = { ...base(timing), kind: 'cas', value: bytes(value), expectedVersion };
  if (version !== undefined) {
    operation.result = operation.outcome === 'fail' ? { currentVersion: version } : { version };
  }
  return operation;
}

/** A clock that moves one millisecond every time it is read. */
export function tickingClock(): () => number {
  let ms = 0;
  return () => ms++;
}
