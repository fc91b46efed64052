/**
 * Every event the console saw, in a ring buffer of fixed capacity: however long the console runs, it
 * holds at most `capacity` events and the oldest make way. Positions count every event since the last
 * clear, so a reader can page through and notice what was evicted.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { RecorderView } from '../../app/contract/console-state';

export const defaultRecorderCapacity = 200_000;

export class EventRecorder {
  private ring: (ClusterEvent | undefined)[];
  private total = 0;
  private readonly droppedPerAgent = new Map<string, number>();

  constructor(readonly capacity = defaultRecorderCapacity) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be >= 1, got ${capacity}`);
    this.ring = new Array<ClusterEvent | undefined>(capacity);
  }

  record(events: readonly ClusterEvent[]): void {
    for (const event of events) {
      this.ring[this.total % this.capacity] = event;
      this.total += 1;
      if (event.type === 'eventsDropped') {
        this.droppedPerAgent.set(event.agent, this.droppedBy(event.agent) + event.count);
      }
    }
  }

  /** Forgets the newest `count` events (a simulated cluster went back): their positions are reused. */
  dropNewest(count: number): void {
    const dropped = Math.min(count, this.total - this.firstHeld());
    for (let position = this.total - dropped; position < this.total; position += 1) {
      const event = this.ring[position % this.capacity]!;
      this.ring[position % this.capacity] = undefined;
      if (event.type === 'eventsDropped') {
        this.droppedPerAgent.set(event.agent, this.droppedBy(event.agent) - event.count);
      }
    }
    this.total -= dropped;
  }

  clear(): void {
    this.ring = new Array<ClusterEvent | undefined>(this.capacity);
    this.total = 0;
    this.droppedPerAgent.clear();
  }

  /** Events one agent reported dropping since the last clear. */
  droppedBy(agent: string): number {
    return this.droppedPerAgent.get(agent) ?? 0;
  }

  /** The oldest position still held. */
  firstHeld(): number {
    return Math.max(0, this.total - this.capacity);
  }

  /** Up to `limit` events from position `from` (or the oldest held, if that is later). */
  read(from: number, limit: number): { events: ClusterEvent[]; from: number; next: number } {
    const start = Math.max(from, this.firstHeld());
    const end = Math.min(this.total, start + limit);
    const events: ClusterEvent[] = [];
    for (let position = start; position < end; position += 1)
      events.push(this.ring[position % this.capacity]!);
    return { events, from: start, next: Math.max(end, start) };
  }

  /** Every held event, oldest first. */
  held(): ClusterEvent[] {
    return this.read(0, this.capacity).events;
  }

  view(): RecorderView {
    const held = this.total - this.firstHeld();
    return {
      capacity: this.capacity,
      held,
      total: this.total,
      evicted: this.firstHeld(),
      droppedByAgents: [...this.droppedPerAgent.values()].reduce((sum, count) => sum + count, 0),
    };
  }
}
