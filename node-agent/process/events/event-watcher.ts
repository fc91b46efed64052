/**
 * One watcher of the event stream: a bounded queue in front of a sink that may be slow (a gRPC stream
 * whose reader lags). When the sink says stop, events queue; when the queue is full, the newest events
 * are lost and become one `eventsDropped` marker in their place, whose seq is the last lost event's.
 * The protocol never waits: offering an event is a few array operations however slow the reader.
 */
import type { ClusterEvent } from '../../../app/model/cluster-event';

export interface EventSink {
  /** Takes one event; false asks the watcher to stop writing until `resume()` is called. */
  write(event: ClusterEvent): boolean;
}

interface Gap {
  gap: true;
  count: number;
  lastSeq: number;
}

type Entry = ClusterEvent | Gap;

export class EventWatcher {
  /** Spent slots before `head` are cleared to undefined until the next compaction. */
  private readonly queue: (Entry | undefined)[] = [];
  /** Index of the next entry to write; entries before it are spent. */
  private head = 0;
  private writable = true;
  private closed = false;

  constructor(
    private readonly agent: string,
    private readonly sink: EventSink,
    private readonly queueMax: number,
    private readonly now: () => number,
    /** Told how many events were just lost, so the stream can count them across watchers. */
    private readonly onDropped: (count: number) => void,
  ) {}

  /** Records events lost before this watcher's first event (it resumed from a seq the ring had dropped). */
  missed(count: number, lastSeq: number): void {
    if (count > 0) this.lose(count, lastSeq);
  }

  offer(event: ClusterEvent): void {
    if (this.closed) return;
    if (this.writable && this.head === this.queue.length) {
      this.writable = this.sink.write(event);
      return;
    }
    if (this.queue.length - this.head < this.queueMax) this.queue.push(event);
    else this.lose(1, event.seq);
  }

  /** The sink can take more (a gRPC 'drain'). */
  resume(): void {
    this.writable = true;
    this.pump();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.head = 0;
  }

  /** Writes queued entries while the sink takes them. */
  private pump(): void {
    while (!this.closed && this.writable && this.head < this.queue.length) {
      const entry = this.queue[this.head]!;
      this.queue[this.head] = undefined;
      this.head += 1;
      this.writable = this.sink.write('gap' in entry ? this.marker(entry) : entry);
    }
    // Compact now and then, so a reader that is always a little behind cannot grow the array.
    if (this.head === this.queue.length || this.head >= this.queueMax) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * Lost events join the gap at the queue's tail, or replace its last event with a new gap, so the
   * queue never grows past its bound and a gap always sits exactly where the events went missing.
   */
  private lose(count: number, lastSeq: number): void {
    this.onDropped(count);
    const tail = this.queue.length > this.head ? this.queue[this.queue.length - 1]! : null;
    if (tail && 'gap' in tail) {
      tail.count += count;
      tail.lastSeq = lastSeq;
    } else if (tail && this.queue.length - this.head >= this.queueMax) {
      this.queue[this.queue.length - 1] = { gap: true, count: count + 1, lastSeq };
      this.onDropped(1);
    } else {
      this.queue.push({ gap: true, count, lastSeq });
    }
    if (this.writable) this.pump();
  }

  private marker(gap: Gap): ClusterEvent {
    return {
      agent: this.agent,
      seq: gap.lastSeq,
      timeMs: this.now(),
      type: 'eventsDropped',
      count: gap.count,
    };
  }
}
