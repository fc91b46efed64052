/**
 * One node's simulated disk. Writes land in an unsynced layer that a crash loses; a synced write makes
 * itself and everything written before it durable, as fsync does for a file. Records are copied on the
 * way in, because the core may keep mutating the objects it handed over.
 */
import type { KeyRecord, PersistRecord } from '../paxos/types';

export interface StorageState {
  /** What survives a crash, by key. */
  durable: Record<string, KeyRecord>;
  /** Written but not yet synced, by key; newer than `durable` for the same key. */
  unsynced: Record<string, KeyRecord>;
}

export function createStorage(): StorageState {
  return { durable: {}, unsynced: {} };
}

/**
 * A deep copy of a record; faster than structuredClone, which serialises the value bytes. Spreads keep
 * any field the core adds later.
 */
export function copyRecord(record: KeyRecord): KeyRecord {
  return {
    ...record,
    instances: record.instances.map((instance) => ({
      ...instance,
      promised: { ...instance.promised },
      accepted: instance.accepted && { ...instance.accepted },
      value: instance.value && { ...instance.value, data: instance.value.data.slice() },
    })),
    recent: record.recent.map((summary) => ({ ...summary })),
  };
}

/**
 * Writes a Ready's persist list; with `mustSync` everything written so far becomes durable. Returns
 * the records that just became durable (none without a sync).
 */
export function writeRecords(
  storage: StorageState,
  persist: readonly PersistRecord[],
  mustSync: boolean,
): KeyRecord[] {
  for (const { key, record } of persist) storage.unsynced[key] = copyRecord(record);
  return mustSync ? syncStorage(storage) : [];
}

/** Makes every unsynced write durable and returns those records. */
export function syncStorage(storage: StorageState): KeyRecord[] {
  const flushed = Object.values(storage.unsynced);
  Object.assign(storage.durable, storage.unsynced);
  storage.unsynced = {};
  return flushed;
}

/** Loses the unsynced writes, as a power cut would; returns the keys whose newest write was lost. */
export function crashStorage(storage: StorageState): string[] {
  const lost = Object.keys(storage.unsynced);
  storage.unsynced = {};
  return lost;
}

/** Deletes everything, as "wipe and restart" does to the data directory. */
export function wipeStorage(storage: StorageState): void {
  storage.durable = {};
  storage.unsynced = {};
}

/** The durable records as a restarting node reads them back (copies, so the core may own them). */
export function readDurableRecords(storage: StorageState): KeyRecord[] {
  return Object.values(storage.durable).map(copyRecord);
}
