/**
 * The agent's durable storage as the runtime sees it: every key's PLog record plus a few facts about
 * the agent itself. The LevelDB implementation is in level-plog-store.ts. Records are PaxosKV's unless
 * the store is opened with another protocol's codec (the agent picks it from the topology).
 */
import type { KeyRecord } from '../../../app/paxos/types';
import type { KeyedRecord } from '../../../app/protocol/protocol';

/** One key's record to write, as a Ready's `persist` lists it. */
export interface StoredRecord<Rec extends KeyedRecord = KeyRecord> {
  key: string;
  record: Rec;
}

/** How one protocol's records become the bytes under their keys, and back, checked both ways. */
export interface RecordCodec<Rec extends KeyedRecord = KeyRecord> {
  /** The protocol whose records these are (the meta names it, and errors do). */
  readonly protocol: string;
  encode(record: Rec): Uint8Array;
  /** Throws CorruptRecordError naming `storedKey`, or ForeignRecordError for another protocol's record. */
  decode(bytes: Uint8Array, storedKey: string): Rec;
  /** The core's check of a record, applied before it is written; null when it is well formed. */
  check(record: Rec): string | null;
}

/** Facts about this agent's data directory, kept apart from the PLog. */
export interface AgentMeta {
  /** Set for a node restarted on a wiped disk until it has relearned; it then neither votes nor serves. */
  learnerOnly: boolean;
  /** The cluster this directory belongs to, so an agent refuses a data directory of another cluster. */
  clusterName?: string;
  /** When the data directory was first opened (ms since the epoch). */
  createdAtMs: number;
  /**
   * The protocol whose records the directory holds, so an agent refuses a directory of another
   * protocol; absent for PaxosKV (and in every directory written before protocols had names).
   */
  protocol?: string;
}

export interface PLogStore<Rec extends KeyedRecord = KeyRecord> {
  /** Loads every key's durable record; used once at start (recovery). Throws CorruptRecordError. */
  loadAll(): Promise<Rec[]>;
  /**
   * Writes records, and `meta` when given, in one LevelDB batch (all or nothing after a crash);
   * resolves once durable when sync is true.
   */
  writeBatch(records: readonly StoredRecord<Rec>[], sync: boolean, meta?: AgentMeta): Promise<void>;
  readMeta(): Promise<AgentMeta>;
  /** Always synced. */
  writeMeta(meta: AgentMeta): Promise<void>;
  /** Bytes the data directory takes on disk. */
  sizeBytes(): Promise<number>;
  close(): Promise<void>;
}
