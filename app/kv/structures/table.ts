/**
 * A table over per-key Paxos: one key per row (table/NAME/row/PK) holding the row's columns, plus one
 * index key (table/NAME/index) listing the primary keys for scans. Reading, replacing, deleting and
 * conditionally updating a row are one compare-and-set (or read) of the row's key; only inserting a
 * row that did not exist also writes the index first, and deleting one removes it from the index
 * afterwards, guarded so a scan never misses a live row (docs/data-structures.md):
 *
 * - each index entry carries a generation: the version the row's key would reach by the insert that
 *   added it. An insert of a row whose key is dead (absent or a tombstone) at version v first raises
 *   the entry to at least v + 1, then compare-and-sets the row at v;
 * - a delete writes a tombstone (the key keeps its version and its applied tags) and then removes the
 *   entry only while its generation is at most the tombstone's version, so an insert racing it has
 *   either raised the generation (the entry stays) or will add it again.
 *
 * A row remembers the tags and results of its last 16 writes, so a retried write that was applied
 * answers with its result, not "condition not met" or "not found".
 *
 * Encodings, fields in this order:
 *   row   {"format":"paxoscope/table-row@1","row":{"col":"val",…} or null,"applied":[["<tag>","created"],…]}
 *   index {"format":"paxoscope/table-index@1","keys":[["PK",generation],…]}   (sorted by PK)
 * Columns are sorted by name; rows, columns and primary keys are text.
 */
import { z } from 'zod';
import { FieldError } from '../../util/field-error';
import {
  answer,
  appliedTagsMax,
  opTagPattern,
  recorded,
  remember,
  write,
  type Decision,
  type KeyState,
} from './decision';
import { checkText, CorruptValueError, decodeDocument, encodeDocument, formatTag } from './structure-value';

export const tableRowFormat = formatTag('table-row', 1);
export const tableIndexFormat = formatTag('table-index', 1);

export type Row = Record<string, string>;
const rowWrites = ['created', 'replaced', 'deleted', 'updated'] as const;
export type RowWrite = (typeof rowWrites)[number];

const tag = z.string().regex(opTagPattern, 'must be an operation tag (16 hex digits)');
const rowSchema = z.strictObject({
  format: z.literal(tableRowFormat),
  row: z.record(z.string().min(1), z.string()).nullable(),
  applied: z.array(z.tuple([tag, z.enum(rowWrites)])).max(appliedTagsMax),
});
const indexSchema = z.strictObject({
  format: z.literal(tableIndexFormat),
  keys: z.array(z.tuple([z.string().min(1), z.number().int().min(1)])),
});

export interface StoredRow {
  /** The row's columns, or null when the row does not exist (never written, or deleted). */
  row: Row | null;
  applied: [string, RowWrite][];
}

export type PutResult = { kind: 'created' | 'replaced' } | { kind: 'index-first'; generation: number };
export type DeleteResult = 'deleted' | 'not-found';
export interface Mismatch {
  column: string;
  expected: string;
  /** The column's value, or null when the row has no such column. */
  found: string | null;
}
export type UpdateResult =
  { kind: 'updated' } | { kind: 'not-found' } | { kind: 'unmet'; mismatches: Mismatch[] };

/** Columns sorted by name, so equal rows encode alike. */
function sortedRow(row: Row): Row {
  return Object.fromEntries(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function encodeRow(stored: StoredRow): Uint8Array {
  const row = stored.row === null ? null : sortedRow(stored.row);
  return encodeDocument({ format: tableRowFormat, row, applied: stored.applied });
}

export function decodeRow(key: string, value: Uint8Array | null): StoredRow {
  if (value === null) return { row: null, applied: [] };
  const { row, applied } = decodeDocument(key, value, tableRowFormat, rowSchema);
  return { row, applied };
}

/** Refuses an empty row, an empty column name, or a row too large for one value with its tags. */
export function checkRow(columns: Row, valueBytesMax: number): void {
  const names = Object.keys(columns);
  if (names.length === 0) throw new FieldError('columns', 'a row needs at least one column');
  for (const name of names) checkText('columns', name, valueBytesMax);
  const full: StoredRow = { row: columns, applied: Array(appliedTagsMax).fill(['0'.repeat(16), 'replaced']) };
  const bytes = encodeRow(full).byteLength;
  if (bytes > valueBytesMax) {
    throw new FieldError(
      'columns',
      `the row encodes to ${bytes} bytes, over the limit of ${valueBytesMax}`,
      valueBytesMax,
    );
  }
}

function appliedBefore<T>(stored: StoredRow, opTag: string, result: (write: RowWrite) => T): T | undefined {
  const entry = stored.applied.find(([t]) => t === opTag);
  return entry === undefined ? undefined : result(entry[1]);
}

/**
 * Replace the row with `columns`. A row that does not exist is only created once the index holds its
 * primary key at generation version + 1 (`indexed`: the generation the caller has made sure of).
 */
export function evaluatePut(
  key: string,
  state: KeyState,
  columns: Row,
  opTag: string,
  indexed: number,
): Decision<PutResult> {
  const stored = decodeRow(key, state.value);
  const again = appliedBefore(stored, opTag, (w): PutResult => ({
    kind: w === 'created' ? 'created' : 'replaced',
  }));
  if (again) return recorded(again);
  const kind = stored.row === null ? 'created' : 'replaced';
  if (kind === 'created' && indexed < state.version + 1) {
    return answer({ kind: 'index-first', generation: state.version + 1 });
  }
  return write(encodeRow({ row: columns, applied: remember(stored.applied, [opTag, kind]) }), { kind });
}

/** Delete the row: a tombstone that keeps the row key's version and applied tags. */
export function evaluateDelete(key: string, state: KeyState, opTag: string): Decision<DeleteResult> {
  const stored = decodeRow(key, state.value);
  if (appliedBefore(stored, opTag, () => true)) return recorded('deleted');
  if (stored.row === null) return answer('not-found');
  return write(encodeRow({ row: null, applied: remember(stored.applied, [opTag, 'deleted']) }), 'deleted');
}

/** Set the columns of `sets` only when every column of `conditions` has the given value. */
export function evaluateUpdate(
  key: string,
  state: KeyState,
  conditions: Row,
  sets: Row,
  opTag: string,
  valueBytesMax: number,
): Decision<UpdateResult> {
  const stored = decodeRow(key, state.value);
  if (appliedBefore(stored, opTag, () => true)) return recorded({ kind: 'updated' });
  const row = stored.row;
  if (row === null) return answer({ kind: 'not-found' });
  const mismatches = Object.entries(conditions)
    .filter(([column, expected]) => row[column] !== expected)
    .map(([column, expected]) => ({ column, expected, found: row[column] ?? null }));
  if (mismatches.length > 0) return answer({ kind: 'unmet', mismatches });
  const value = encodeRow({
    row: { ...row, ...sets },
    applied: remember(stored.applied, [opTag, 'updated']),
  });
  if (value.byteLength > valueBytesMax) {
    const reason = `the updated row would encode to ${value.byteLength} bytes, over the limit of ${valueBytesMax}`;
    throw new FieldError('set', reason, valueBytesMax);
  }
  return write(value, { kind: 'updated' });
}

export interface TableIndex {
  /** Primary keys in ascending order with their generation. */
  keys: [string, number][];
}

export function encodeIndex(index: TableIndex): Uint8Array {
  return encodeDocument({ format: tableIndexFormat, keys: index.keys });
}

export function decodeIndex(key: string, value: Uint8Array | null): TableIndex {
  if (value === null) return { keys: [] };
  const { keys } = decodeDocument(key, value, tableIndexFormat, indexSchema);
  keys.forEach(([primaryKey], i) => {
    if (i > 0 && !(keys[i - 1]![0] < primaryKey)) {
      throw new CorruptValueError(key, `keys[${i}]: not sorted or repeated`);
    }
  });
  return { keys };
}

/** Make sure `primaryKey` is listed at generation `generation` or later. */
export function evaluateIndexAdd(
  key: string,
  state: KeyState,
  primaryKey: string,
  generation: number,
  valueBytesMax: number,
): Decision<number> {
  const index = decodeIndex(key, state.value);
  const at = index.keys.findIndex(([pk]) => pk >= primaryKey);
  const entry = at >= 0 && index.keys[at]![0] === primaryKey ? index.keys[at]! : undefined;
  if (entry && entry[1] >= generation) return answer(entry[1]);
  const keys = [...index.keys];
  if (entry) keys[at] = [primaryKey, generation];
  else keys.splice(at < 0 ? keys.length : at, 0, [primaryKey, generation]);
  const value = encodeIndex({ keys });
  if (value.byteLength > valueBytesMax) {
    const reason = `cannot be added: the table's index would grow to ${value.byteLength} bytes, over the limit of ${valueBytesMax}`;
    throw new FieldError('primaryKey', reason, valueBytesMax);
  }
  return write(value, generation);
}

/** Drop `primaryKey` unless an insert after the tombstone at `deadAt` has raised its generation. */
export function evaluateIndexRemove(
  key: string,
  state: KeyState,
  primaryKey: string,
  deadAt: number,
): Decision<boolean> {
  const index = decodeIndex(key, state.value);
  const entry = index.keys.find(([pk]) => pk === primaryKey);
  if (!entry || entry[1] > deadAt) return answer(false);
  return write(encodeIndex({ keys: index.keys.filter(([pk]) => pk !== primaryKey) }), true);
}

/** Primary keys from `from` (inclusive) to `to` (exclusive), either end open when absent. */
export function keysInRange(index: TableIndex, from: string | undefined, to: string | undefined): string[] {
  return index.keys
    .map(([pk]) => pk)
    .filter((pk) => (from === undefined || pk >= from) && (to === undefined || pk < to));
}
