/**
 * The client history the checker reads: one record per operation a client issued against the
 * key-value store, with its call and return times and what it returned. The simulator, the nemesis
 * and recorded files all produce this shape; docs/history-format.md describes its JSON-lines form.
 */
import type { KvOperationKind } from '../kv/operations';

/**
 * How an operation ended: `ok` (it took effect once, between call and return), `fail` (it certainly
 * took no effect) or `unknown` (it timed out: it may take effect at any time after its call, or never).
 */
export type OperationOutcome = 'ok' | 'fail' | 'unknown';

/** What the store answered. Which fields must be present depends on kind and outcome. */
export interface OperationResult {
  /** get ok: the value read, or null when the key is absent or deleted. */
  value?: Uint8Array | null;
  /** get ok: the version read; put, delete and cas ok: the key's new version. Unchecked when absent. */
  version?: number;
  /** cas fail: the version the store found instead of the expected one. */
  currentVersion?: number;
}

/** One client operation on one key. */
export interface HistoryOperation {
  /** Unique within the history; the checker reports operations by this id. */
  id: string;
  /** The client (a sequential process) that issued it. */
  client: string;
  /** The operation's fields carry the store vocabulary's names (app/kv/operations.ts). */
  kind: KvOperationKind;
  key: string;
  /** put and cas: the value written. */
  value?: Uint8Array;
  /** cas: the version the key must have for the write to apply. */
  expectedVersion?: number;
  /** When the client sent the request, in milliseconds on one clock shared by all clients. */
  callMs: number;
  /** When the client got the answer; null when it never did (outcome `unknown`). */
  returnMs: number | null;
  outcome: OperationOutcome;
  result?: OperationResult;
}

export { HistoryFormatError } from './history-error';
export { validateOperation, validateHistory } from './history-validation';
export { parseHistory, formatHistory, decodeOperationLine, encodeOperationLine } from './history-codec';
