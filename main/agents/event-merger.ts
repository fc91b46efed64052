/**
 * Merges the agents' event streams into one ordered feed. Per agent, events keep their sequence order and
 * a sequence number seen before (a stream resumed after a reconnect) is dropped. Across agents, each
 * flush interleaves the queued events by time, so the timeline reads in the order things happened.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';

export interface EventMergerOptions {
  /** How long events gather before a flush; larger batches mean fewer deltas to the renderer. */
  flushMs?: number;
  onBatch: (events: ClusterEvent[]) => void;
}

export class EventMerger {
  private readonly queues = new Map<string, ClusterEvent[]>();
  private readonly lastSeq = new Map<string, number>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** Events dropped because their (agent, seq) was already merged. */
  duplicates = 0;

  constructor(private readonly options: EventMergerOptions) {}

  push(event: ClusterEvent): void {
    if (event.seq <= (this.lastSeq.get(event.agent) ?? 0)) {
      this.duplicates += 1;
      return;
    }
    this.lastSeq.set(event.agent, event.seq);
    const queue = this.queues.get(event.agent);
    if (queue) queue.push(event);
    else this.queues.set(event.agent, [event]);
    this.timer ??= setTimeout(() => this.flush(), this.options.flushMs ?? 50);
  }

  /** A restarted agent numbers its events from 1 again. */
  resetAgent(agent: string): void {
    this.lastSeq.delete(agent);
  }

  /**
   * Events of `agent` up to `seq` still on their way are not merged when they arrive (a simulated run
   * went back: the console was handed that present directly, and the undone future must not follow).
   */
  skipThrough(agent: string, seq: number): void {
    this.lastSeq.set(agent, Math.max(seq, this.lastSeq.get(agent) ?? 0));
  }

  /** A new cluster's agents number their events from 1 again, whatever the last cluster's reached. */
  resetAll(): void {
    this.lastSeq.clear();
  }

  /** Emits everything queued, merged by time (ties by agent id); per-agent order is kept. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const queues = [...this.queues.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    this.queues.clear();
    const heads = queues.map(() => 0);
    const merged: ClusterEvent[] = [];
    for (;;) {
      let pick = -1;
      for (let q = 0; q < queues.length; q += 1) {
        const head = queues[q]![1][heads[q]!];
        if (!head) continue;
        if (pick < 0 || head.timeMs < queues[pick]![1][heads[pick]!]!.timeMs) pick = q;
      }
      if (pick < 0) break;
      merged.push(queues[pick]![1][heads[pick]!]!);
      heads[pick]! += 1;
    }
    if (merged.length > 0) this.options.onBatch(merged);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queues.clear();
  }
}
