import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { EventRing } from '../../../node-agent/process/events/event-ring';
import { EventStream } from '../../../node-agent/process/events/event-stream';

const options = (ringCapacity: number, watcherQueueMax: number) => ({
  ringCapacity,
  watcherQueueMax,
  now: () => 1_000,
});

function emitStarts(stream: EventStream, count: number): void {
  for (let i = 0; i < count; i += 1) stream.emit({ type: 'nodeStarted', learnerOnly: false });
}

/**
 * What a watcher must be able to rely on: seq rises by one from event to event, except across an
 * eventsDropped marker, which carries the seq of the last event it stands for and how many there were.
 */
function checkNoUnexplainedGap(received: readonly ClusterEvent[], fromSeq: number): number {
  let expected = fromSeq + 1;
  let lost = 0;
  for (const event of received) {
    if (event.type === 'eventsDropped') {
      expect(event.seq - event.count + 1).toBe(expected);
      lost += event.count;
    } else {
      expect(event.seq).toBe(expected);
    }
    expected = event.seq + 1;
  }
  return lost;
}

describe('EventRing', () => {
  it('replays what it holds after a seq and counts what it no longer holds', () => {
    const ring = new EventRing(4);
    expect(ring.since(0)).toEqual({ missed: 0, lastMissedSeq: 0, events: [] });
    for (let seq = 1; seq <= 6; seq += 1) {
      ring.push({ agent: 'n0', seq, timeMs: 0, type: 'nodeStarted', learnerOnly: false });
    }
    expect(ring.lastSeq).toBe(6);
    const fromStart = ring.since(0);
    expect(fromStart.missed).toBe(2);
    expect(fromStart.lastMissedSeq).toBe(2);
    expect(fromStart.events.map((event) => event.seq)).toEqual([3, 4, 5, 6]);
    expect(ring.since(4).events.map((event) => event.seq)).toEqual([5, 6]);
    expect(ring.since(4).missed).toBe(0);
    expect(ring.since(6).events).toEqual([]);
    expect(ring.since(99)).toEqual({ missed: 0, lastMissedSeq: 0, events: [] });
  });
});

describe('EventStream', () => {
  it('stamps agent, seq from 1 and time, and lifts core events', () => {
    const stream = new EventStream('n3', options(8, 8));
    const seen: ClusterEvent[] = [];
    stream.watch(0, { write: (event) => (seen.push(event), true) });
    stream.emit({ type: 'faultApplied', description: 'heal' });
    stream.emitCore([
      { type: 'chosen', key: 'k', index: 2, ballot: { counter: 1, role: 2 }, requestId: 'r', version: 3 },
    ]);
    expect(seen).toEqual([
      { agent: 'n3', seq: 1, timeMs: 1_000, type: 'faultApplied', description: 'heal' },
      {
        agent: 'n3',
        seq: 2,
        timeMs: 1_000,
        type: 'chosen',
        key: 'k',
        index: 2,
        ballot: { counter: 1, role: 2 },
        requestId: 'r',
        version: 3,
      },
    ]);
  });

  it('resumes a watcher after a seq, with a marker for what the ring dropped', () => {
    const stream = new EventStream('n0', options(5, 100));
    emitStarts(stream, 12);
    const seen: ClusterEvent[] = [];
    stream.watch(3, { write: (event) => (seen.push(event), true) });
    expect(seen[0]).toMatchObject({ type: 'eventsDropped', seq: 7, count: 4 });
    expect(seen.slice(1).map((event) => event.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(stream.stats).toEqual({ lastSeq: 12, dropped: 4, watchers: 1 });
  });

  it('a watcher that never reads loses events into one marker, and costs a bounded queue', () => {
    const stream = new EventStream('n0', options(100, 10));
    const seen: ClusterEvent[] = [];
    let open = true;
    const watcher = stream.watch(0, { write: (event) => (seen.push(event), open) });
    open = false;
    emitStarts(stream, 1_000);
    expect(seen).toHaveLength(1);
    expect(stream.stats.dropped).toBe(990);
    open = true;
    watcher.resume();
    emitStarts(stream, 1);
    expect(checkNoUnexplainedGap(seen, 0)).toBe(990);
    expect(seen.at(-1)!.seq).toBe(1_001);
    expect(seen.filter((event) => event.type === 'eventsDropped')).toHaveLength(1);
  });

  it('never shows a gap without a marker, whatever the reader does', () => {
    const steps = fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('emit' as const), count: fc.integer({ min: 1, max: 30 }) }),
        fc.record({ kind: fc.constant('resume' as const) }),
        fc.record({ kind: fc.constant('block' as const), after: fc.integer({ min: 0, max: 5 }) }),
      ),
      { maxLength: 60 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 20 }),
        steps,
        (queueMax, fromSeq, plan) => {
          const stream = new EventStream('n0', options(16, queueMax));
          emitStarts(stream, 20);
          const seen: ClusterEvent[] = [];
          let budget = Infinity;
          const watcher = stream.watch(fromSeq, {
            write: (event) => {
              seen.push(event);
              budget -= 1;
              return budget > 0;
            },
          });
          for (const step of plan) {
            if (step.kind === 'emit') emitStarts(stream, step.count);
            else if (step.kind === 'block') budget = step.after + 1;
            else {
              budget = Infinity;
              watcher.resume();
            }
          }
          budget = Infinity;
          watcher.resume();
          const lost = checkNoUnexplainedGap(seen, fromSeq);
          expect(seen.at(-1)?.seq ?? fromSeq).toBe(Math.max(stream.stats.lastSeq, fromSeq));
          expect(lost).toBe(stream.stats.dropped);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forgets a watcher on unwatch', () => {
    const stream = new EventStream('n0', options(4, 4));
    const seen: ClusterEvent[] = [];
    const watcher = stream.watch(0, { write: (event) => (seen.push(event), true) });
    stream.unwatch(watcher);
    emitStarts(stream, 3);
    expect(seen).toEqual([]);
    expect(stream.stats.watchers).toBe(0);
  });
});
