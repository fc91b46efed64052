import { describe, expect, it } from 'vitest';
import { EventRecorder } from '../../../main/agents/event-recorder';
import type { ClusterEvent } from '../../../app/model/cluster-event';

const event = (agent: string, seq: number, timeMs = seq): ClusterEvent => ({
  agent,
  seq,
  timeMs,
  type: 'messageSent',
  messageId: `${agent}-${seq}`,
  messageType: 'prepare',
  peer: 'n1',
});

describe('EventRecorder', () => {
  it('holds at most its capacity however many events it sees, evicting the oldest', () => {
    const recorder = new EventRecorder(100);
    for (let seq = 1; seq <= 10_000; seq += 1) recorder.record([event('n0', seq)]);
    expect(recorder.view()).toEqual({
      capacity: 100,
      held: 100,
      total: 10_000,
      evicted: 9900,
      droppedByAgents: 0,
    });
    const held = recorder.held();
    expect(held).toHaveLength(100);
    expect(held[0]?.seq).toBe(9901);
    expect(held.at(-1)?.seq).toBe(10_000);
  });

  it('pages by absolute position and skips what was evicted', () => {
    const recorder = new EventRecorder(10);
    recorder.record(Array.from({ length: 25 }, (_, i) => event('n0', i + 1)));
    const page = recorder.read(3, 4);
    expect(page.from).toBe(15);
    expect(page.events.map((e) => e.seq)).toEqual([16, 17, 18, 19]);
    expect(page.next).toBe(19);
    expect(recorder.read(25, 10).events).toEqual([]);
  });

  it('counts the drops agents report, per agent', () => {
    const recorder = new EventRecorder(10);
    recorder.record([
      { agent: 'n1', seq: 1, timeMs: 1, type: 'eventsDropped', count: 5 },
      { agent: 'n2', seq: 1, timeMs: 1, type: 'eventsDropped', count: 2 },
      { agent: 'n1', seq: 7, timeMs: 2, type: 'eventsDropped', count: 1 },
    ]);
    expect(recorder.droppedBy('n1')).toBe(6);
    expect(recorder.view().droppedByAgents).toBe(8);
    recorder.clear();
    expect(recorder.view()).toMatchObject({ held: 0, total: 0, droppedByAgents: 0 });
  });
});
