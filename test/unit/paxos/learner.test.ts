/**
 * Learner-only mode after a wiped disk: why a wiped node must not vote at once, and how it relearns.
 */
import { describe, expect, it } from 'vitest';
import { headerOf, placeKey, roleOf } from '../../../app/paxos';
import { groups, keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

/** Request ids chosen at `index` of the key, per node that declared them chosen. */
function chosenAt(wire: Wire, index: number): Set<string> {
  const ids = wire.events
    .map(({ event }) => event)
    .filter((event) => event.type === 'chosen' && event.key === key && event.index === index)
    .map((event) => (event.type === 'chosen' ? event.requestId : ''));
  return new Set(ids);
}

/**
 * a (role A) and b (role B) both win a promise quorum at index 1 through c, whose last promise is b's
 * higher ballot. Both accepts are in flight to c when c loses its disk and restarts.
 */
function forgottenPromise(learnerOnly: boolean): Wire {
  const wire = new Wire();
  wire.put(a, key, 'from-a');
  wire.drop(match('prepare', a, b));
  wire.deliver(match('prepare', a, c));
  wire.deliver(match('promise', c, a));
  wire.put(b, key, 'from-b');
  wire.drop(match('prepare', b, a));
  wire.deliver(match('prepare', b, c));
  wire.deliver(match('promise', c, b));
  wire.drop(match('accept', a, b));
  wire.drop(match('accept', b, a));
  expect(wire.inFlight.map((m) => [m.type, m.from, m.to])).toEqual([
    ['accept', a, c],
    ['accept', b, c],
  ]);
  wire.start(c, { seed: 9, wipe: true, learnerOnly });
  wire.deliver(match('accept', a, c));
  wire.deliver(match('accept', b, c));
  wire.settle(match(undefined, c));
  return wire;
}

describe('learner-only', () => {
  it('without it, a wiped node that votes at once lets two different values be chosen at one index', () => {
    const wire = forgottenPromise(false);
    expect(chosenAt(wire, 1)).toEqual(
      new Set([wire.replies[0]?.reply.requestId, wire.replies[1]?.reply.requestId]),
    );
    expect(wire.replies.map(({ reply }) => reply.ok)).toEqual([true, true]);
  });

  it('with it, the wiped node refuses both accepts; later one value is chosen and the node relearns it', () => {
    const wire = forgottenPromise(true);
    expect(chosenAt(wire, 1).size).toBe(0);
    const refusals = wire.eventsOf('inputRejected', c);
    expect(refusals).toHaveLength(2);
    expect(refusals[0]).toMatchObject({ field: 'type', reason: expect.stringContaining('learner-only') });
    wire.run(1500);
    expect(chosenAt(wire, 1).size).toBe(1);
    expect(wire.state(c).learner).toBeNull();
    expect(wire.eventsOf('learnerOnly', c)).toEqual([
      expect.objectContaining({ on: true }),
      expect.objectContaining({ on: false }),
    ]);
    expect(headerOf(wire.state(c).records[key]!).chosenIndex).toBeGreaterThanOrEqual(1);
  });

  it('answers clients LEARNER_ONLY and votes again only after scanning every peer it shares keys with', () => {
    const wire = new Wire();
    const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
    for (const k of keys) for (let n = 0; n < 2; n++) wire.put(placeKey(groups, k).replicas[0], k, `v${n}`);
    wire.run(100);
    const wiped = 'n0';
    wire.start(wiped, { seed: 4, wipe: true, learnerOnly: true });
    const id = wire.put(
      wiped,
      keys.find((k) => roleOf(groups, k, wiped))!,
      'early',
    );
    expect(wire.replyTo(id)).toMatchObject({ ok: false, code: 'LEARNER_ONLY', definite: false });
    wire.tick(1);
    // The four members in the other two datacenters; n3 shares n0's datacenter and no key with it.
    const scanned = wire.inFlight.filter((m) => m.type === 'keyScan' && m.from === wiped).map((m) => m.to);
    expect(scanned.sort()).toEqual(['n1', 'n2', 'n4', 'n5']);
    wire.run(300);
    expect(wire.state(wiped).learner).toBeNull();
    // The cleared flag is written once, synced, in the Ready that says learner-only is over.
    const cleared = wire.metaWrites.filter((write) => write.node === wiped);
    expect(cleared).toHaveLength(1);
    expect(cleared[0]!.ready).toMatchObject({ meta: { learnerOnly: false }, mustSync: true });
    expect(cleared[0]!.ready.events).toContainEqual(
      expect.objectContaining({ type: 'learnerOnly', on: false }),
    );
    const shared = keys.filter((k) => roleOf(groups, k, wiped) !== null);
    expect(shared.length).toBeGreaterThan(0);
    for (const k of shared) {
      const best = Math.max(
        ...placeKey(groups, k).replicas.map((n) => headerOf(wire.state(n).records[k]!).chosenIndex),
      );
      expect(headerOf(wire.state(wiped).records[k]!).chosenIndex).toBe(best);
    }
  });

  it('both nodes of a datacenter that lost its disks relearn, since they share no key', () => {
    const wire = new Wire();
    const keys = Array.from({ length: 12 }, (_, i) => `dc-${i}`);
    for (const k of keys) wire.put(placeKey(groups, k).replicas[0], k, 'v');
    wire.run(100);
    wire.start('n0', { seed: 7, wipe: true, learnerOnly: true });
    wire.start('n3', { seed: 8, wipe: true, learnerOnly: true });
    wire.run(300);
    expect(wire.state('n0').learner).toBeNull();
    expect(wire.state('n3').learner).toBeNull();
  });

  it('a peer asked for an index it holds pending finishes it, so the learner is not stuck', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    // b prepares index 2 on a, then vanishes: a holds index 2 pending and nobody will finish it.
    wire.put(b, key, 'v2');
    wire.deliver(match('prepare', b, a));
    wire.drop(() => true);
    wire.start(b, { seed: 5 });
    wire.start(c, { seed: 6, wipe: true, learnerOnly: true });
    wire.run(500);
    expect(wire.state(c).learner).toBeNull();
    expect(headerOf(wire.state(c).records[key]!).chosenIndex).toBe(2);
  });
});
