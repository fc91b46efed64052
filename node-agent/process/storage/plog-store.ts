/**
 * The agent's durable storage as the runtime sees it: every key's PLog record plus a few facts about
 * the agent itself. The LevelDB implementation is in level-plog-store.ts.
 */
import type { KeyRecord, PersistRecord } from '../../../app/paxos/types';

/** Facts about this agent's data directory, kept apart from the PLog. */
export interface AgentMeta {
  /** Set for a node restarted on a wiped disk until it has relearned; it then neither votes nor serves. */
  learnerOnly: boolean;
  /** The cluster this directory belongs to, so an agent refuses a data directory of another cluster. */
  clusterName?: string;
  /** When the data directory was first opened (ms since the epoch). */
  createdAtMs: number;
}

export interface PLogStore {
  /** Loads every key's durable record; used once at start (recovery). Throws CorruptRecordError. */
  loadAll(): Promise<KeyRecord[]>;
  /**
   * Writes records, and `meta` when given, in one LevelDB batch (all or nothing after a crash);
   * resolves once durable when sync is true.
   */
  writeBatch(records: readonly PersistRecord[], sync: boolean, meta?: AgentMeta): Promise<void>;
  readMeta(): Promise<AgentMeta>;
  /** Always synced. */
  writeMeta(meta: AgentMeta): Promise<void>;
  /** Bytes the data directory takes on disk. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
