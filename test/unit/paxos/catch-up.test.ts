/** Catch-up: stale proposers are answered with the newest chosen entry, lagging keys catch up in the background. */
import { describe, expect, it } from 'vitest';
import { headerOf } from '../../../app/paxos';
import { keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

function writeWithout(wire: Wire, left: string, values: string[]) {
  for (const value of values) {
    wire.put(a, key, value);
    wire.settle((m) => m.to !== left);
    wire.drop((m) => m.to === left);
  }
}

describe('catch-up', () => {
  it('a stale proposer is answered with chosen, jumps to the newest entry and writes after it', () => {
    const wire = new Wire();
    writeWithout(wire, c, ['v1', 'v2', 'v3']);
    expect(wire.state(c).records[key]).toBeUndefined();
    const id = wire.put(c, key, 'from-c');
    wire.settle();
    expect(wire.eventsOf('catchUp', c)).toEqual([
      { type: 'catchUp', key, fromIndex: 0, toIndex: 3, from: a },
    ]);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 4, version: 4 });
    expect(wire.state(c).counters.catchUps).toBe(1);
  });

  it('a key found behind is caught up by the background pass', () => {
    const wire = new Wire();
    writeWithout(wire, c, ['v1', 'v2', 'v3']);
    // b starts a proposal at index 4; its prepare reaches c, which now knows it is behind.
    wire.put(b, key, 'v4');
    wire.deliver(match('prepare', b, c));
    wire.drop(() => true);
    expect(wire.state(c).behind[key]).toBe(true);
    expect(headerOf(wire.state(c).records[key]!)).toMatchObject({ maxIndex: 4, chosenIndex: 0 });
    wire.tick(100);
    expect(wire.inFlight.filter((m) => m.from === c).map((m) => m.type)).toEqual(['getChosen', 'getChosen']);
    wire.settle();
    expect(wire.state(c).behind[key]).toBeUndefined();
    expect(headerOf(wire.state(c).records[key]!).chosenIndex).toBe(3);
  });

  it('a writer that holds a pending instance without the chosen one below catches up before proposing', () => {
    const wire = new Wire();
    writeWithout(wire, c, ['v1', 'v2']);
    const fromB = wire.put(b, key, 'v3');
    wire.deliver(match('prepare', b, c));
    wire.drop(() => true);
    const id = wire.put(c, key, 'from-c');
    expect(wire.inFlight.map((m) => m.type)).toEqual(['getChosen', 'getChosen']);
    wire.settle(match('getChosen'));
    wire.settle(match('chosen', undefined, c));
    expect(headerOf(wire.state(c).records[key]!)).toMatchObject({ chosenIndex: 2, maxIndex: 3 });
    // Now c proposes at index 3, against b's own retries there; both writes land, one after the other.
    wire.run(300);
    const versions = [wire.replyTo(id), wire.replyTo(fromB)].map((r) => r?.ok && r.version);
    expect(new Set(versions)).toEqual(new Set([3, 4]));
  });
});
