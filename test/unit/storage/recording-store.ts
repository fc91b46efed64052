/**
 * Wraps a real PLogStore to record every writeBatch call and, when asked, hold the next ones until the
 * test releases them, so batching is checked by counting calls rather than by timing.
 */
import type { PersistRecord } from '../../../app/paxos/types';
import type { AgentMeta, PLogStore } from '../../../node-agent/process/storage/plog-store';

export interface RecordedBatch {
  keys: string[];
  versions: number[];
  sync: boolean;
  /** The agent meta written in the same batch, if any. */
  meta?: AgentMeta;
}

export class RecordingStore implements PLogStore {
  readonly batches: RecordedBatch[] = [];
  private held: (() => void)[] = [];
  private holding = false;
  private failNext: Error | null = null;

  constructor(private readonly inner: PLogStore) {}

  /** Holds every writeBatch call until release(). */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const resume of this.held.splice(0)) resume();
  }

  /** Makes the next writeBatch call fail with `error` after recording it. */
  failNextBatch(error: Error): void {
    this.failNext = error;
  }

  async writeBatch(records: readonly PersistRecord[], sync: boolean, meta?: AgentMeta): Promise<void> {
    this.batches.push({
      keys: records.map((persist) => persist.key),
      versions: records.map((persist) => persist.record.instances[0]?.value?.version ?? 0),
      sync,
      ...(meta ? { meta } : {}),
    });
    if (this.holding) await new Promise<void>((resume) => this.held.push(resume));
    const failure = this.failNext;
    this.failNext = null;
    if (failure) throw failure;
    await this.inner.writeBatch(records, sync, meta);
  }

  loadAll = () => this.inner.loadAll();
  readMeta = () => this.inner.readMeta();
  writeMeta: PLogStore['writeMeta'] = (meta) => this.inner.writeMeta(meta);
  sizeBytes = () => this.inner.sizeBytes();
  close = () => this.inner.close();
}
