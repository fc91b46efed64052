/**
 * Keeps a snapshot current from numbered deltas. A delta whose seq is not the next one means some were
 * missed: the sync asks for a fresh snapshot, holds the deltas that arrive meanwhile, and replays those
 * newer than the snapshot.
 */
import { applyDelta, type ConsoleSnapshot, type StateDelta } from '../../app/contract/console-state';
import type { StateUpdate } from './console-client';

export interface StateSyncHooks {
  /** Fetches a whole snapshot (the getSnapshot command). */
  fetchSnapshot(): Promise<ConsoleSnapshot>;
  emit(update: StateUpdate): void;
  /** Told when a resync starts and ends, for the connection state. */
  onResync(active: boolean): void;
  onError(error: unknown): void;
}

export class StateSync {
  private current: ConsoleSnapshot | null = null;
  private held: StateDelta[] = [];
  private fetching = false;
  /** Snapshots fetched because of a gap, for the connection view and for tests. */
  resyncCount = 0;

  constructor(private readonly hooks: StateSyncHooks) {}

  snapshot(): ConsoleSnapshot | null {
    return this.current;
  }

  /** Starts (or restarts, after a reconnect) from a fresh snapshot. */
  resync(): void {
    if (this.fetching) return;
    this.fetching = true;
    this.hooks.onResync(true);
    this.hooks.fetchSnapshot().then(
      (snapshot) => this.adopt(snapshot),
      (error: unknown) => {
        this.fetching = false;
        this.hooks.onError(error);
      },
    );
  }

  receive(delta: StateDelta): void {
    if (this.fetching || this.current === null) {
      this.held.push(delta);
      if (!this.fetching) this.resync();
      return;
    }
    this.applyInOrder(delta);
  }

  private adopt(snapshot: ConsoleSnapshot): void {
    this.fetching = false;
    this.current = snapshot;
    this.hooks.emit({ kind: 'snapshot', snapshot });
    const held = this.held.filter((delta) => delta.seq > snapshot.seq).sort((a, b) => a.seq - b.seq);
    this.held = [];
    this.hooks.onResync(false);
    for (const delta of held) {
      if (this.fetching) this.held.push(delta);
      else this.applyInOrder(delta);
    }
  }

  private applyInOrder(delta: StateDelta): void {
    const current = this.current!;
    if (delta.seq <= current.seq) return;
    if (delta.seq !== current.seq + 1) {
      this.resyncCount += 1;
      this.held.push(delta);
      this.resync();
      return;
    }
    this.current = applyDelta(current, delta);
    this.hooks.emit({ kind: 'delta', delta, snapshot: this.current });
  }
}
