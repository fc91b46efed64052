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
    expect(wire.eventsOf('catchUp', c)).toEqual([{ type: 'catchUp', key, index: 3, fromIndex: 0, peer: a }]);
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

describe('a pending entry that only one replica holds, above a chosen entry nobody remembers', () => {
  /**
   * Found by the seed sweep (seed 2902345 of the simulator before issue 11): b accepted #7, keeping
   * only that instance (#6's chosen value was trimmed), the replica that knew #6 chosen lost its disk,
   * and c knows only #4. Nobody can catch up to #6, so every read waited forever; b must finish #7.
   */
  function strandedAtSeven(): Wire {
    const wire = new Wire();
    const value = (version: number, requestId: string) => ({
      requestId,
      owner: a,
      version,
      deleted: false,
      data: new TextEncoder().encode(`v${version}`),
      requests: [],
    });
    const chosenFour = {
      index: 4,
      promised: { counter: 1, role: 1 },
      accepted: { counter: 1, role: 1 },
      value: value(4, 'r4'),
      chosen: true,
    };
    const pendingSeven = {
      index: 7,
      promised: { counter: 1, role: 1 },
      accepted: { counter: 0, role: 1 },
      value: value(7, 'r7'),
      chosen: false,
    };
    for (const [node, instance] of [
      [a, chosenFour],
      [b, pendingSeven],
      [c, chosenFour],
    ] as const) {
      wire.disks.set(node, new Map([[key, { key, instances: [instance], recent: [] }]]));
      wire.start(node, { seed: 7 });
    }
    return wire;
  }

  it.each([
    ['a replica that knows an older chosen entry', a],
    ['the replica holding the pending entry', b],
  ])('a read on %s finishes #7 and serves it', (_name, reader) => {
    const wire = strandedAtSeven();
    const id = wire.get(reader, key);
    wire.run(1000);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, version: 7, index: 7 });
    for (const node of [a, b, c]) expect(headerOf(wire.state(node).records[key]!).chosenIndex).toBe(7);
  });
});

describe('a chosen entry only a wiped replica knew, with the two others split across it', () => {
  /**
   * Found by the seed sweep (seed 181819224): C chose #25 with A's vote, then lost its disk. A holds
   * #25 accepted but moved on to a promise at #26; B holds #24 chosen and #25 accepted. A used to
   * refuse votes at #25 (below its newest), B could not win #25 without it, and A could not catch up.
   */
  function splitAtTwentyFive(learnerC: boolean): Wire {
    const wire = new Wire();
    const value = (version: number, requestId: string) => ({
      requestId,
      owner: c,
      version,
      deleted: false,
      data: new TextEncoder().encode(`v${version}`),
      requests: [],
    });
    const at = (index: number, promised: [number, number], accepted: [number, number] | null, v: number) => ({
      index,
      promised: { counter: promised[0], role: promised[1] },
      accepted: accepted && { counter: accepted[0], role: accepted[1] },
      value: accepted ? value(v, `r${v}`) : null,
      chosen: false,
    });
    const chosen24 = { ...at(24, [1, 2], [1, 2], 24), chosen: true };
    const records = {
      [a]: [at(25, [2, 1], [1, 3], 25), at(26, [1, 3], null, 0)],
      [b]: [chosen24, at(25, [24, 2], [2, 2], 25)],
      [c]: [chosen24],
    };
    for (const node of [a, b, c]) {
      wire.disks.set(node, new Map([[key, { key, instances: records[node]!, recent: [] }]]));
      wire.start(node, { seed: 3 });
    }
    if (learnerC) wire.start(c, { seed: 4, wipe: true, learnerOnly: true });
    return wire;
  }

  it.each([
    ['the third replica answering', false],
    ['the third replica relearning after a wipe', true],
  ])('a read on B finishes #25 and #26 with %s', (_name, learnerC) => {
    const wire = splitAtTwentyFive(learnerC);
    const id = wire.get(b, key);
    wire.run(2000);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, version: 25 });
    expect(headerOf(wire.state(a).records[key]!).chosenIndex).toBeGreaterThanOrEqual(25);
    if (learnerC) expect(wire.state(c).learner).toBeNull();
  });
});

describe('an undecided older instance is the only trace of a chosen entry', () => {
  /**
   * Found by the seed sweep (seed 373302174): A knew #2 chosen and lost its disk; C holds #2 accepted
   * and a bare promise at #3; B knows only #1. C must finish #2 (its older instance), then #3.
   */
  it('a read on C finishes #2 from its own accepted value, then #3, while A relearns', () => {
    const wire = new Wire();
    const value = (version: number) => ({
      requestId: `r${version}`,
      owner: a,
      version,
      deleted: false,
      data: new TextEncoder().encode(`v${version}`),
      requests: version > 1 ? [{ requestId: 'r1', version: 1, index: 1 }] : [],
    });
    const chosen1 = {
      index: 1,
      promised: { counter: 1, role: 2 },
      accepted: { counter: 1, role: 2 },
      value: value(1),
      chosen: true,
    };
    const pending2 = {
      ...chosen1,
      index: 2,
      promised: { counter: 3, role: 1 },
      value: value(2),
      chosen: false,
    };
    const bare3 = { index: 3, promised: { counter: 2, role: 1 }, accepted: null, value: null, chosen: false };
    wire.disks.set(b, new Map([[key, { key, instances: [chosen1], recent: [] }]]));
    wire.disks.set(c, new Map([[key, { key, instances: [pending2, bare3], recent: [] }]]));
    for (const node of [b, c]) wire.start(node, { seed: 5 });
    wire.start(a, { seed: 6, wipe: true, learnerOnly: true });
    const id = wire.get(c, key);
    wire.run(2000);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, version: 2 });
    expect(headerOf(wire.state(c).records[key]!).chosenIndex).toBe(3);
    expect(wire.state(a).learner).toBeNull();
  });
});
