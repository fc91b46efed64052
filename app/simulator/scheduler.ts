/**
 * The simulator's agenda: a binary min-heap of timed events, ordered by time and then by the order they
 * were scheduled, so two runs from the same seed pop the same events in the same order. Plain data, so
 * a checkpoint is a structured clone.
 */

/** Something the simulation does at a moment of simulated time. */
export type ScheduledEvent =
  /** Every running node gets a tick input. */
  | { kind: 'tick' }
  /** The in-flight message with this wire id reaches its receiver (unless dropped or delivered early). */
  | { kind: 'arrive'; wireId: number };

interface Entry {
  atMs: number;
  /** Scheduling order; breaks ties between events at the same time. */
  seq: number;
  event: ScheduledEvent;
}

export interface SchedulerState {
  heap: Entry[];
  nextSeq: number;
}

export function createScheduler(): SchedulerState {
  return { heap: [], nextSeq: 0 };
}

function before(a: Entry, b: Entry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export function schedule(scheduler: SchedulerState, atMs: number, event: ScheduledEvent): void {
  const heap = scheduler.heap;
  heap.push({ atMs, seq: scheduler.nextSeq, event });
  scheduler.nextSeq += 1;
  let child = heap.length - 1;
  while (child > 0) {
    const parent = (child - 1) >> 1;
    if (!before(heap[child]!, heap[parent]!)) break;
    [heap[child], heap[parent]] = [heap[parent]!, heap[child]!];
    child = parent;
  }
}

/** The time of the earliest event, or null when nothing is scheduled. */
export function nextEventAtMs(scheduler: SchedulerState): number | null {
  return scheduler.heap[0]?.atMs ?? null;
}

/** Removes and returns the earliest event, or null when nothing is scheduled. */
export function popEvent(scheduler: SchedulerState): { atMs: number; event: ScheduledEvent } | null {
  const heap = scheduler.heap;
  const top = heap[0];
  if (!top) return null;
  const last = heap.pop()!;
  if (heap.length > 0) {
    heap[0] = last;
    siftDown(heap);
  }
  return { atMs: top.atMs, event: top.event };
}

function siftDown(heap: Entry[]): void {
  let parent = 0;
  for (;;) {
    const left = 2 * parent + 1;
    const right = left + 1;
    let smallest = parent;
    if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
    if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
    if (smallest === parent) return;
    [heap[parent], heap[smallest]] = [heap[smallest]!, heap[parent]!];
    parent = smallest;
  }
}
