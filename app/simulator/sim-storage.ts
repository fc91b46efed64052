/**
 * One node's simulated disk. Writes land in an unsynced layer that a crash loses; a synced write makes
 * itself and everything written before it durable, as fsync does for a file. Beside the records the
 * disk keeps the node's flags (`learnerOnly`), written in the same atomic write as the records of the
 * Ready that changed them, as the agent's LevelDB batch does. Records are copied on the way in,
 * because the core may keep mutating the objects it handed over.
 */
import type { KeyRecord, NodeMeta, PersistRecord } from '../paxos/types';

export interface StorageState {
  /** What survives a crash, by key. */
  durable: Record<string, KeyRecord>;
  /** Written but not yet synced, by key; newer than `durable` for the same key. */
  unsynced: Record<string, KeyRecord>;
  /** The flags that survive a crash. A fresh cluster's disks start as voters. */
  durableMeta: NodeMeta;
  /** Flags written but not yet synced; newer than `durableMeta`, and lost by a crash. */
  unsyncedMeta: NodeMeta | null;
}

export function createStorage(): StorageState {
  return { durable: {}, unsynced: {}, durableMeta: { learnerOnly: false }, unsyncedMeta: null };
}

/**
 * A deep copy of a record; faster than structuredClone, which serialises the value bytes. Spreads keep
 * any field the core adds later; arrays inside a value are copied so the disk never shares them.
 */
export function copyRecord(record: KeyRecord): KeyRecord {
  return {
    ...record,
    instances: record.instances.map((instance) => ({
      ...instance,
      promised: { ...instance.promised },
      accepted: instance.accepted && { ...instance.accepted },
      value: instance.value && {
        ...instance.value,
        data: instance.value.data.slice(),
        requests: instance.value.requests.map((applied) => ({ ...applied })),
      },
    })),
    recent: record.recent.map((summary) => ({ ...summary })),
  };
}

/** What one Ready asks the disk to write, as one atomic write. */
export interface DiskWrite {
  persist: readonly PersistRecord[];
  meta: NodeMeta | null;
  mustSync: boolean;
}

/**
 * Writes a Ready's records and flags together; with `mustSync` everything written so far becomes
 * durable. Returns the records that just became durable (none without a sync).
 */
export function writeRecords(storage: StorageState, write: DiskWrite): KeyRecord[] {
  for (const { key, record } of write.persist) storage.unsynced[key] = copyRecord(record);
  if (write.meta) storage.unsyncedMeta = { ...write.meta };
  return write.mustSync ? syncStorage(storage) : [];
}

/** Makes every unsynced write (records and flags) durable and returns those records. */
export function syncStorage(storage: StorageState): KeyRecord[] {
  const flushed = Object.values(storage.unsynced);
  Object.assign(storage.durable, storage.unsynced);
  storage.unsynced = {};
  if (storage.unsyncedMeta) storage.durableMeta = storage.unsyncedMeta;
  storage.unsyncedMeta = null;
  return flushed;
}

/** Loses the unsynced writes, as a power cut would; returns the keys whose newest write was lost. */
export function crashStorage(storage: StorageState): string[] {
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
export function wipeStorage(storage: StorageState): void {
  storage.durable = {};
  storage.unsynced = {};
  storage.durableMeta = { learnerOnly: true };
  storage.unsyncedMeta = null;
}

/** The durable records as a restarting node reads them back (copies, so the core may own them). */
export function readDurableRecords(storage: StorageState): KeyRecord[] {
  return Object.values(storage.durable).map(copyRecord);
}
