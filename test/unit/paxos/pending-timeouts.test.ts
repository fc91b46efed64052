/**
 * The pending-entry timeout queue (app/paxos/pending-timeouts.ts): which entries it holds, when each
 * level fires, what it does, and when it stays quiet. The golden scenarios pending-entry-*.txt show
 * the whole story on the simulator; these pin the edges.
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig, createNodeState } from '../../../app/paxos';
import type { CoreEvent } from '../../../app/paxos/types';
import { groups, keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();
const { pendingRetrySoonMs, pendingRetryLaterMs, pendingGiveUpMs } = defaultCoreConfig(a, groups).timing;

function steps(wire: Wire, node: string): string[] {
  return wire
    .eventsOf('pendingTimeout', node)
    .map((event) => (event as Extract<CoreEvent, { type: 'pendingTimeout' }>).step);
}

/** `a` writes index 1; b accepts and the value is chosen, but the chosen notice to b is lost. */
function pendingOnB(): Wire {
  const wire = new Wire();
  wire.put(a, key, 'v1');
  wire.settle((m) => m.type === 'prepare' || m.type === 'promise');
  wire.drop(match('accept', a, c));
  wire.deliver(match('accept', a, b));
  wire.deliver(match('accepted', b, a));
  wire.drop(match('chosen', a, b));
  wire.settle();
  return wire;
}

describe('pending-entry timeout queue', () => {
  it('holds an accepted entry above the chosen index, silently, until its first level is due', () => {
    const wire = pendingOnB();
    expect(wire.state(b).pendingTimeouts[key]).toMatchObject({ index: 1, level: 'soon' });
    expect(wire.state(a).pendingTimeouts).toEqual({});
    wire.run(pendingRetrySoonMs - 10);
    expect(steps(wire, b)).toEqual([]);
  });

  it('retries soon with a redo that learns the entry was chosen, and says the entry is resolved', () => {
    const wire = pendingOnB();
    wire.run(pendingRetrySoonMs + 20);
    expect(steps(wire, b)).toEqual(['retriedSoon', 'resolved']);
    expect(wire.state(b).records[key]?.instances.at(-1)).toMatchObject({ index: 1, chosen: true });
    expect(wire.state(b).pendingTimeouts).toEqual({});
  });

  it('goes through all three levels while cut off, then catches up from its peers', () => {
    const wire = pendingOnB();
    const fromB = (m: { from: string }) => m.from === b;
    // b's redos never arrive; a and c stay reachable for what comes after.
    wire.afterStep = () => void wire.drop(fromB);
    // Past level 2 and every round of its redo (5 rounds of 50 ms plus backoff).
    wire.run(pendingRetrySoonMs + pendingRetryLaterMs + 700);
    expect(steps(wire, b)).toEqual(['retriedSoon', 'retriedLater']);
    wire.afterStep = () => {};
    wire.run(pendingGiveUpMs);
    expect(steps(wire, b)).toEqual(['retriedSoon', 'retriedLater', 'gaveUp', 'resolved']);
    const gaveUp = wire.eventsOf('pendingTimeout', b)[2];
    expect(gaveUp).toMatchObject({ nextInMs: 0 });
    expect(wire.eventsOf('chosen', b)).toHaveLength(1);
  });

  it('waits while a client request on the key is working, instead of redoing beside it', () => {
    const wire = pendingOnB();
    wire.run(pendingRetrySoonMs - 200);
    wire.put(b, key, 'v2'); // its rounds never get an answer: b's messages are lost
    wire.afterStep = () => void wire.drop((m) => m.from === b);
    wire.drop((m) => m.from === b);
    wire.run(220); // past the entry's first level, within the request's rounds
    expect(wire.state(b).queues[key]).toHaveLength(1);
    expect(steps(wire, b)).toEqual([]);
    const { pendingTimeouts, nowMs } = wire.state(b);
    expect(pendingTimeouts[key]?.dueMs).toBeGreaterThan(nowMs);
  });

  it('a restarted node enrolls the pending entries on its disk at level 1', () => {
    const wire = pendingOnB();
    const disk = [...(wire.disks.get(b)?.values() ?? [])];
    const restarted = createNodeState(defaultCoreConfig(b, groups), { seed: 9, records: disk, nowMs: 40 });
    expect(restarted.pendingTimeouts[key]).toEqual({
      index: 1,
      level: 'soon',
      sinceMs: 40,
      dueMs: 40 + pendingRetrySoonMs,
    });
  });

  it('refuses a configuration without positive delays', () => {
    const config = defaultCoreConfig(a, groups);
    config.timing.pendingGiveUpMs = 0;
    expect(() => createNodeState(config, { seed: 1 })).toThrow('config.timing.pendingGiveUpMs');
  });
});
