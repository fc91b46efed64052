/**
 * A table (app/kv/structures/table.ts) through the store: one key per row plus an index of primary
 * keys. get, replace, delete and the conditional update of a row are one compare-and-set (or read) of
 * the row's key; inserting a new row first raises its index entry, deleting one then drops it (both
 * guarded by generations, so a scan never misses a live row); a scan reads the index and then the rows.
 */
import {
  checkName,
  checkPrimaryKey,
  tableIndexKey,
  tableRowKey,
} from '../../../app/kv/structures/structure-keys';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import {
  checkRow,
  decodeIndex,
  decodeRow,
  evaluateDelete,
  evaluateIndexAdd,
  evaluateIndexRemove,
  evaluatePut,
  evaluateUpdate,
  keysInRange,
  type DeleteResult,
  type Row,
  type UpdateResult,
} from '../../../app/kv/structures/table';
import { FieldError } from '../../../app/util/field-error';
import { OperationRun, StructureGaveUpError, type OperationOptions, type StructureOutcome } from './cas-loop';
import type { KvPort } from './kv-port';

/** A row as read: its columns and the version of its key. */
export interface RowRead {
  primaryKey: string;
  row: Row;
  version: number;
}

/** Index entries an insert writes, at most, while others keep changing the dead row under it. */
const indexRoundsMax = 16;

/** Rows a scan reads at once. */
const scanReadsInFlight = 8;

export class KvTable {
  constructor(
    private readonly port: KvPort,
    readonly name: string,
    private readonly limits: StructureLimits,
  ) {
    checkName('table', name, limits.keyBytesMax);
  }

  async get(primaryKey: string, options: OperationOptions = {}): Promise<StructureOutcome<RowRead | null>> {
    this.checkKey(primaryKey);
    const run = new OperationRun(this.port, options);
    return { result: await this.readRow(run, primaryKey), run };
  }

  /** Replaces the row (creating it, with its index entry, when it does not exist). */
  async put(
    primaryKey: string,
    columns: Row,
    options: OperationOptions = {},
  ): Promise<StructureOutcome<'created' | 'replaced'>> {
    this.checkKey(primaryKey);
    checkRow(columns, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const rowKey = tableRowKey(this.name, primaryKey);
    const indexKey = tableIndexKey(this.name);
    let indexed = 0;
    // Each round follows a change of the dead row's version by someone else; a bound all the same.
    for (let round = 0; round < indexRoundsMax; round += 1) {
      const { answer } = await run.update(rowKey, (state) =>
        evaluatePut(rowKey, state, columns, run.tag, indexed),
      );
      if (answer.kind !== 'index-first') return { result: answer.kind, run };
      const { generation } = answer;
      await run.update(
        indexKey,
        (state) => evaluateIndexAdd(indexKey, state, primaryKey, generation, this.limits.valueBytesMax),
        true,
      );
      indexed = generation;
    }
    throw new StructureGaveUpError(
      run.requestId,
      run.inDoubt,
      run.attempts,
      'the row kept changing while its index entry was written',
    );
  }

  /** Deletes the row, then drops its index entry unless the row has come back meanwhile. */
  async delete(primaryKey: string, options: OperationOptions = {}): Promise<StructureOutcome<DeleteResult>> {
    this.checkKey(primaryKey);
    const run = new OperationRun(this.port, options);
    const rowKey = tableRowKey(this.name, primaryKey);
    const { answer } = await run.update(rowKey, (state) => evaluateDelete(rowKey, state, run.tag));
    if (answer === 'deleted') await this.dropFromIndex(run, primaryKey);
    return { result: answer, run };
  }

  /** Sets `sets` on the row only when every column in `conditions` has the given value. */
  async update(
    primaryKey: string,
    conditions: Row,
    sets: Row,
    options: OperationOptions = {},
  ): Promise<StructureOutcome<UpdateResult>> {
    this.checkKey(primaryKey);
    if (Object.keys(sets).length === 0) throw new FieldError('set', 'name at least one column to set');
    checkRow(sets, this.limits.valueBytesMax);
    const run = new OperationRun(this.port, options);
    const rowKey = tableRowKey(this.name, primaryKey);
    const { answer } = await run.update(rowKey, (state) =>
      evaluateUpdate(rowKey, state, conditions, sets, run.tag, this.limits.valueBytesMax),
    );
    return { result: answer, run };
  }

  /**
   * Live rows with primary keys from `from` (inclusive) to `to` (exclusive), in key order. Each row is
   * read linearizably, but not all of them at one instant.
   */
  async scan(
    from?: string,
    to?: string,
    options: OperationOptions = {},
  ): Promise<StructureOutcome<RowRead[]>> {
    const run = new OperationRun(this.port, options);
    const indexKey = tableIndexKey(this.name);
    const keys = keysInRange(decodeIndex(indexKey, (await run.read(indexKey)).value), from, to);
    const rows: (RowRead | null)[] = [];
    for (let start = 0; start < keys.length; start += scanReadsInFlight) {
      const batch = keys.slice(start, start + scanReadsInFlight);
      rows.push(...(await Promise.all(batch.map((primaryKey) => this.readRow(run, primaryKey)))));
    }
    return { result: rows.filter((row): row is RowRead => row !== null), run };
  }

  private async readRow(run: OperationRun, primaryKey: string): Promise<RowRead | null> {
    const key = tableRowKey(this.name, primaryKey);
    const state = await run.read(key);
    const { row } = decodeRow(key, state.value);
    return row === null ? null : { primaryKey, row, version: state.version };
  }

  /**
   * Drops the index entry when the row is dead as read now, at that version: an insert after it has
   * raised the entry's generation above it, so the entry stays. Best effort: a dangling entry only costs
   * a scan one read.
   */
  private async dropFromIndex(run: OperationRun, primaryKey: string): Promise<void> {
    const rowKey = tableRowKey(this.name, primaryKey);
    const indexKey = tableIndexKey(this.name);
    try {
      const state = await run.read(rowKey);
      if (decodeRow(rowKey, state.value).row !== null) return;
      await run.update(
        indexKey,
        (index) => evaluateIndexRemove(indexKey, index, primaryKey, state.version),
        true,
      );
    } catch (error) {
      if (!(error instanceof StructureGaveUpError)) throw error;
    }
  }

  private checkKey(primaryKey: string): void {
    checkPrimaryKey(this.name, primaryKey, this.limits.keyBytesMax);
  }
}
