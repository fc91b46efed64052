/**
 * One simulated node's event stream, as WatchEvents serves an agent's: its recent events in a bounded
 * ring, then live ones, per node numbered from 1 by this stream (the simulator's recorder numbers
 * across replays, this one only what it publishes). A watcher resuming after `fromSeq` gets what the
 * ring still holds. When the run goes back or switches branch, the ring is emptied: the console is
 * handed the events of the new present directly, and a watcher reconnecting must not get the undone
 * future again.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';

/** Events kept per node for watchers that (re)connect. */
export const streamRingMax = 4096;

export type EventWrite = (event: ClusterEvent) => void;

export class NodeEventStream {
  private readonly ring: ClusterEvent[] = [];
  private readonly watchers = new Set<EventWrite>();
  private seq = 0;

  get lastSeq(): number {
    return this.seq;
  }

  get watcherCount(): number {
    return this.watchers.size;
  }

  /** Numbers the event for this stream, keeps it and sends it to every watcher; returns it numbered. */
  push(event: ClusterEvent): ClusterEvent {
    this.seq += 1;
    const numbered = { ...event, seq: this.seq };
    this.ring.push(numbered);
    if (this.ring.length > streamRingMax) this.ring.splice(0, this.ring.length - streamRingMax);
    for (const write of this.watchers) write(numbered);
    return numbered;
  }

  /** Sends what the ring holds after `fromSeq`, then every new event until `unwatch`. */
  watch(fromSeq: number, write: EventWrite): void {
    for (const event of this.ring) if (event.seq > fromSeq) write(event);
    this.watchers.add(write);
  }

  unwatch(write: EventWrite): void {
    this.watchers.delete(write);
  }

  /** Forgets the ring (the numbering goes on, so nothing new is mistaken for something seen). */
  forgetRing(): void {
    this.ring.length = 0;
  }

  close(): void {
    this.watchers.clear();
    this.ring.length = 0;
  }
}
