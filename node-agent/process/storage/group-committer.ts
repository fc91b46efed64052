/**
 * Group commit: many Readies' records share one synced LevelDB batch. Calls made while a batch is
 * being written wait and form the next batch, so the disk sees one fsync per round however many
 * keys are in flight, and each caller still learns exactly when its own records are durable.
 * A lazy write, one that nobody waits on before answering anyone (a chosen-only change), does not start
 * a batch of its own at once: it joins the next batch someone waits on, or is written on its own after
 * `lazyWriteWaitMaxMs`. A lone write that someone waits on still starts at once.
 */
import type { KeyRecord } from '../../../app/paxos/types';
import type { KeyedRecord } from '../../../app/protocol/protocol';
import type { AgentMeta, PLogStore, StoredRecord } from './plog-store';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** How long a lazy write may wait for a batch that is written anyway. */
export const lazyWriteWaitMaxMs = 20;

interface PendingBatch<Rec extends KeyedRecord> {
  /** By key: a key written twice in one batch keeps the later record. */
  records: Map<string, StoredRecord<Rec>>;
  /** The agent's meta when a caller changed it: written in the batch, after every earlier record. */
  meta: AgentMeta | undefined;
  /** Synced when any caller in the batch asked for sync. */
  sync: boolean;
  /** False while every caller in the batch is lazy: the batch may then wait for company. */
  urgent: boolean;
  /** In call order, which is also the order they are resolved in. */
  waiters: Waiter[];
}

export interface GroupCommitStats {
  /** writeBatch calls made (batches that had records). */
  batches: number;
  /** commit() calls served. */
  commits: number;
  /** Records written, after replacing same-key duplicates within a batch. */
  records: number;
}

export class GroupCommitter<Rec extends KeyedRecord = KeyRecord> {
  readonly stats: GroupCommitStats = { batches: 0, commits: 0, records: 0 };
  private next: PendingBatch<Rec> | null = null;
  private writing = false;
  private startScheduled = false;
  private lazyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly store: PLogStore<Rec>) {}

  /**
   * Resolves once `records` are written (durable when any caller of the same batch asked for sync).
   * Promises resolve in call order; a failed batch rejects every caller in it. `lazy`: see above.
   */
  commit(
    records: readonly StoredRecord<Rec>[],
    sync: boolean,
    lazy = false,
    meta?: AgentMeta,
  ): Promise<void> {
    const batch = this.openBatch();
    for (const record of records) batch.records.set(record.key, record);
    if (meta !== undefined) batch.meta = meta;
    batch.sync ||= sync;
    batch.urgent ||= !lazy;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    this.scheduleStart();
    return done;
  }

  /** Resolves once everything committed before this call has been written. */
  drain(): Promise<void> {
    if (this.next === null && !this.writing) return Promise.resolve();
    return this.commit([], false);
  }

  /** The batch new calls join: the one not yet started, created when none is waiting. */
  private openBatch(): PendingBatch<Rec> {
    if (this.next === null) {
      this.next = { records: new Map(), meta: undefined, sync: false, urgent: false, waiters: [] };
    }
    return this.next;
  }

  /**
   * Starts the next batch after the current synchronous run, so calls made together share it; a batch
   * of lazy writes only starts after lazyWriteWaitMaxMs, unless an urgent call joins it first.
   */
  private scheduleStart(): void {
    if (this.writing || this.startScheduled || this.next === null) return;
    if (!this.next.urgent) {
      this.lazyTimer ??= setTimeout(() => {
        this.lazyTimer = null;
        if (this.next) this.next.urgent = true;
        this.scheduleStart();
      }, lazyWriteWaitMaxMs);
      return;
    }
    this.startScheduled = true;
    queueMicrotask(() => {
      this.startScheduled = false;
      void this.writeNext();
    });
  }

  private async writeNext(): Promise<void> {
    const batch = this.next;
    if (batch === null || this.writing) return;
    if (this.lazyTimer !== null) clearTimeout(this.lazyTimer);
    this.lazyTimer = null;
    this.next = null;
    this.writing = true;
    try {
      if (batch.records.size > 0 || batch.meta !== undefined) {
        await this.store.writeBatch([...batch.records.values()], batch.sync, batch.meta);
        this.stats.batches += 1;
        this.stats.records += batch.records.size;
      }
      this.stats.commits += batch.waiters.length;
      for (const waiter of batch.waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    } finally {
      this.writing = false;
      this.scheduleStart();
    }
  }
}
