import { describe, expect, it } from 'vitest';
import { EventMerger } from '../../../main/agents/event-merger';
import type { ClusterEvent } from '../../../app/model/cluster-event';

const event = (agent: string, seq: number, timeMs: number): ClusterEvent => ({
  agent,
  seq,
  timeMs,
  type: 'nodeResumed',
});

function collect() {
  const batches: ClusterEvent[][] = [];
  const merger = new EventMerger({ flushMs: 60_000, onBatch: (events) => batches.push(events) });
  return { merger, batches };
}

describe('EventMerger', () => {
  it('interleaves agents by time and keeps each agent in sequence order', () => {
    const { merger, batches } = collect();
    for (const e of [
      event('n1', 1, 10),
      event('n1', 2, 30),
      event('n0', 1, 20),
      event('n0', 2, 40),
      event('n2', 1, 5),
    ]) {
      merger.push(e);
    }
    merger.flush();
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((e) => `${e.agent}#${e.seq}`)).toEqual(['n2#1', 'n1#1', 'n0#1', 'n1#2', 'n0#2']);
  });

  it('never reorders one agent even when its clock went backwards', () => {
    const { merger, batches } = collect();
    merger.push(event('n0', 1, 50));
    merger.push(event('n0', 2, 10));
    merger.push(event('n1', 1, 20));
    merger.flush();
    const order = batches[0]!.map((e) => `${e.agent}#${e.seq}`);
    expect(order.indexOf('n0#1')).toBeLessThan(order.indexOf('n0#2'));
  });

  it('drops an (agent, seq) it already merged, until the agent restarts', () => {
    const { merger, batches } = collect();
    merger.push(event('n0', 1, 1));
    merger.push(event('n0', 2, 2));
    merger.push(event('n0', 2, 2));
    merger.push(event('n0', 1, 1));
    expect(merger.duplicates).toBe(2);
    merger.resetAgent('n0');
    merger.push(event('n0', 1, 3));
    merger.flush();
    expect(batches[0]!.map((e) => e.seq)).toEqual([1, 2, 1]);
  });

  it("forgets every agent's sequence when a new cluster starts, so its events from seq 1 are kept", () => {
    const { merger, batches } = collect();
    for (let seq = 1; seq <= 5; seq += 1) merger.push(event('n0', seq, seq));
    merger.flush();
    merger.resetAll();
    merger.push(event('n0', 1, 100));
    merger.push(event('n1', 1, 101));
    merger.flush();
    expect(merger.duplicates).toBe(0);
    expect(batches[1]!.map((e) => `${e.agent}:${e.seq}`)).toEqual(['n0:1', 'n1:1']);
  });

  it('flushes on its own after flushMs', async () => {
    const batches: ClusterEvent[][] = [];
    const merger = new EventMerger({ flushMs: 5, onBatch: (events) => batches.push(events) });
    merger.push(event('n0', 1, 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(batches).toHaveLength(1);
    merger.dispose();
  });
});
