/**
 * One node's simulated disk. Writes land in an unsynced layer that a crash loses; a synced write makes
 * itself and everything written before it durable, as fsync does for a file. Beside the records the
 * disk keeps the node's flags (`learnerOnly`), written in the same atomic write as the records of the
 * Ready that changed them, as the agent's LevelDB batch does. Records are copied on the way in,
 * because the core may keep mutating the objects it handed over (each protocol copies its own).
 */
import type { NodeMeta } from '../paxos/types';
import type { KeyedRecord } from '../protocol/protocol';
import type { AnyRecord } from '../protocol/registry';

/** A protocol's deep copy of a record (ProtocolCore.copyRecord). */
export type CopyRecord<R> = (record: R) => R;

export interface StorageState<R extends KeyedRecord = AnyRecord> {
  /** What survives a crash, by key. */
  durable: Record<string, R>;
  /** Written but not yet synced, by key; newer than `durable` for the same key. */
  unsynced: Record<string, R>;
  /** The flags that survive a crash. A fresh cluster's disks start as voters. */
  durableMeta: NodeMeta;
  /** Flags written but not yet synced; newer than `durableMeta`, and lost by a crash. */
  unsyncedMeta: NodeMeta | null;
}

export function createStorage<R extends KeyedRecord = AnyRecord>(): StorageState<R> {
  return { durable: {}, unsynced: {}, durableMeta: { learnerOnly: false }, unsyncedMeta: null };
}

/** What one Ready asks the disk to write, as one atomic write. */
export interface DiskWrite<R> {
  persist: readonly { key: string; record: R }[];
  meta: NodeMeta | null;
  mustSync: boolean;
}

/**
 * Writes a Ready's records and flags together; with `mustSync` everything written so far becomes
 * durable. Returns the records that just became durable (none without a sync).
 */
export function writeRecords<R extends KeyedRecord>(
  storage: StorageState<R>,
  write: DiskWrite<R>,
  copyRecord: CopyRecord<R>,
): R[] {
  for (const { key, record } of write.persist) storage.unsynced[key] = copyRecord(record);
  if (write.meta) storage.unsyncedMeta = { ...write.meta };
  return write.mustSync ? syncStorage(storage) : [];
}

/** Makes every unsynced write (records and flags) durable and returns those records. */
export function syncStorage<R extends KeyedRecord>(storage: StorageState<R>): R[] {
  const flushed = Object.values(storage.unsynced);
  Object.assign(storage.durable, storage.unsynced);
  storage.unsynced = {};
  if (storage.unsyncedMeta) storage.durableMeta = storage.unsyncedMeta;
  storage.unsyncedMeta = null;
  return flushed;
}

/** Loses the unsynced writes, as a power cut would; returns the keys whose newest write was lost. */
export function crashStorage(storage: StorageState<KeyedRecord>): string[] {
  const lost = Object.keys(storage.unsynced);
  storage.unsynced = {};
  storage.unsyncedMeta = null;
  return lost;
}

/**
 * Deletes every record, as "wipe and restart" does to the data directory, and marks the empty disk
 * learner-only, durably, before anything else runs: a crash at any later moment must not bring the
 * node back as a voter that forgot its promises.
 */
export function wipeStorage(storage: StorageState<KeyedRecord>): void {
  storage.durable = {};
  storage.unsynced = {};
  storage.durableMeta = { learnerOnly: true };
  storage.unsyncedMeta = null;
}

/** The durable records as a restarting node reads them back (copies, so the core may own them). */
export function readDurableRecords<R extends KeyedRecord>(
  storage: StorageState<R>,
  copyRecord: CopyRecord<R>,
): R[] {
  return Object.values(storage.durable).map(copyRecord);
}
