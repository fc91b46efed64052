/**
 * PLogStore on LevelDB (classic-level). PLog records live under "p:<key>", the agent's meta under
 * "m:agent"; values are record-codec bytes. One writeBatch is one LevelDB batch, so a Ready's records
 * become durable together or not at all.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { KeyRecord } from '../../../app/paxos/types';
import type { KeyedRecord } from '../../../app/protocol/protocol';
import { assert } from '../../../app/util/assert';
import type { AgentMeta, PLogStore, RecordCodec, StoredRecord } from './plog-store';
import type { RawRecords } from './raw-records';
import { decodeAgentMeta, encodeAgentMeta, paxosRecordCodec } from './record-codec';

const plogPrefix = 'p:';
/** The first string after every "p:..." key (";" follows ":" in code-point order). */
const plogPrefixEnd = 'p;';
const metaKey = 'm:agent';

type Database = ClassicLevel<string, Uint8Array>;

class LevelPLogStore<Rec extends KeyedRecord> implements PLogStore<Rec>, RawRecords {
  constructor(
    private readonly db: Database,
    private readonly dataDir: string,
    private readonly codec: RecordCodec<Rec>,
  ) {}

  async loadAll(): Promise<Rec[]> {
    const records: Rec[] = [];
    for await (const [storedKey, bytes] of this.db.iterator({ gte: plogPrefix, lt: plogPrefixEnd })) {
      records.push(this.codec.decode(bytes, storedKey.slice(plogPrefix.length)));
    }
    return records;
  }

  /**
   * One LevelDB write batch, built with the chained form: abstract-level's array form clones every
   * operation with a spread and then adds fields to it, which Node 20's V8 runs slowly (its main-thread
   * cost measured 2-4× the chained form's here), and the agent writes a batch per fsync.
   */
  async writeBatch(records: readonly StoredRecord<Rec>[], sync: boolean, meta?: AgentMeta): Promise<void> {
    if (records.length === 0 && meta === undefined) return;
    const { codec } = this;
    // Checked before it is written, as the codec's decode checks it again after reading it back.
    for (const { key, record } of records) {
      assert(key === record.key, () => `persist key ${key} does not match its record's key ${record.key}`);
      const problem = codec.check(record);
      assert(problem === null, () => `record "${key}" about to be written: ${problem}`);
    }
    const batch = this.db.batch();
    for (const persist of records) batch.put(plogPrefix + persist.key, codec.encode(persist.record));
    // The meta goes last in the same batch: LevelDB applies a batch whole, so the flag never lands
    // without the records it depends on.
    if (meta !== undefined) batch.put(metaKey, encodeAgentMeta(meta));
    await batch.write({ sync });
  }

  async readRaw(key: string): Promise<Uint8Array | undefined> {
    return this.db.get(plogPrefix + key);
  }

  async writeRaw(key: string, bytes: Uint8Array): Promise<void> {
    await this.db.put(plogPrefix + key, bytes, { sync: true });
  }

  async readMeta(): Promise<AgentMeta> {
    const bytes = await this.db.get(metaKey);
    if (bytes === undefined) throw new Error(`data directory ${this.dataDir} has no agent meta record`);
    return decodeAgentMeta(bytes);
  }

  async writeMeta(meta: AgentMeta): Promise<void> {
    await this.db.put(metaKey, encodeAgentMeta(meta), { sync: true });
  }

  async sizeBytes(): Promise<number> {
    const names = await readdir(this.dataDir);
    const sizes = await Promise.all(
      names.map(async (name) => {
        try {
          return (await stat(join(this.dataDir, name))).size;
        } catch {
          return 0; // LevelDB removed the file (compaction) between readdir and stat.
        }
      }),
    );
    return sizes.reduce((total, size) => total + size, 0);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

export interface OpenPLogStoreOptions<Rec extends KeyedRecord = KeyRecord> {
  /** The clock for a new directory's createdAtMs; tests pass a fixed one. */
  nowMs?: () => number;
  /** Whose records the store holds; default PaxosKV's. */
  codec?: RecordCodec<Rec>;
}

/**
 * Opens (creating when absent) the store in `dataDir`. A new directory gets its meta record at once,
 * learnerOnly false; the runtime rewrites it when the node must relearn.
 */
export async function openPLogStore<Rec extends KeyedRecord = KeyRecord>(
  dataDir: string,
  options: OpenPLogStoreOptions<Rec> = {},
): Promise<PLogStore<Rec> & RawRecords> {
  const db: Database = new ClassicLevel<string, Uint8Array>(dataDir, { valueEncoding: 'view' });
  await db.open({ createIfMissing: true });
  const codec = options.codec ?? (paxosRecordCodec as unknown as RecordCodec<Rec>);
  const store = new LevelPLogStore(db, dataDir, codec);
  if ((await db.get(metaKey)) === undefined) {
    await store.writeMeta({ learnerOnly: false, createdAtMs: (options.nowMs ?? Date.now)() });
  }
  return store;
}
