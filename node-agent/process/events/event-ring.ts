/**
 * The agent's most recent events, for a watcher that (re)connects and asks to resume after a seq. A
 * fixed-size circular buffer: pushing never allocates once full, so keeping history costs the
 * protocol nothing but one array store per event.
 */
import type { ClusterEvent } from '../../../app/model/cluster-event';

export interface RingReplay {
  /** Events after the asked seq that the ring no longer holds. */
  missed: number;
  /** The seq of the last missed event (0 when none were missed). */
  lastMissedSeq: number;
  /** Events after the asked seq, oldest first. */
  events: ClusterEvent[];
}

export class EventRing {
  private readonly slots: (ClusterEvent | undefined)[];
  /** How many events were ever pushed; the next one goes to slot `pushed % capacity`. */
  private pushed = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`ring capacity ${capacity} must be ≥ 1`);
    this.slots = new Array<ClusterEvent | undefined>(capacity);
  }

  /** Events must arrive with seq 1, 2, 3, … (the stream stamps them so). */
  push(event: ClusterEvent): void {
    this.slots[this.pushed % this.capacity] = event;
    this.pushed += 1;
  }

  /** The newest seq pushed (0 before the first). */
  get lastSeq(): number {
    return this.pushed;
  }

  /** What a watcher resuming after `fromSeq` gets from history. */
  since(fromSeq: number): RingReplay {
    const oldestHeld = Math.max(1, this.pushed - this.capacity + 1);
    const firstWanted = Math.max(fromSeq + 1, 1);
    const missed = Math.max(0, Math.min(oldestHeld, this.pushed + 1) - firstWanted);
    const events: ClusterEvent[] = [];
    for (let seq = Math.max(firstWanted, oldestHeld); seq <= this.pushed; seq += 1) {
      events.push(this.slots[(seq - 1) % this.capacity]!);
    }
    return { missed, lastMissedSeq: missed > 0 ? firstWanted + missed - 1 : 0, events };
  }
}
