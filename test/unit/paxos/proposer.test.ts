/**
 * Proposals on three hand-wired replicas: the fast path, a refused fast path falling back to prepare,
 * dueling proposers, value adoption, backoff and the bounded number of rounds.
 */
import { describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../app/paxos';
import { keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

/** Every (index → request id) chosen on any replica, failing if two replicas disagree. */
function chosenLog(wire: Wire): Map<number, string> {
  const log = new Map<number, string>();
  for (const { event } of wire.events) {
    if (event.type !== 'chosen' || event.key !== key) continue;
    const earlier = log.get(event.index);
    if (earlier !== undefined) expect(event.requestId).toBe(earlier);
    log.set(event.index, event.requestId);
  }
  return log;
}

const newest = (record: KeyRecord | undefined) => record?.instances[record.instances.length - 1];

describe('proposer', () => {
  it('fast path: the owner of the last chosen value needs one round trip and no prepare', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const sentBefore = wire.inFlight.length;
    const second = wire.put(a, key, 'v2');
    expect(wire.inFlight.slice(sentBefore).map((m) => [m.type, m.to])).toEqual([
      ['fastAccept', b],
      ['fastAccept', c],
    ]);
    // The proposer accepted its own value durably before those messages could leave.
    expect(newest(wire.disks.get(a)?.get(key))).toMatchObject({
      index: 2,
      accepted: { counter: 0, role: 1 },
    });
    wire.deliver(match('fastAccept', a, b));
    wire.deliver(match('fastAccepted', b, a));
    expect(wire.replyTo(second)).toMatchObject({ ok: true, index: 2, path: 'fast' });
    expect(wire.state(a).counters.fastPathHits).toBe(1);
  });

  it('a non-owner prepares even when it knows the last chosen value', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const second = wire.put(b, key, 'v2');
    expect(wire.inFlight.map((m) => m.type)).toEqual(['prepare', 'prepare']);
    wire.settle();
    expect(wire.replyTo(second)).toMatchObject({ ok: true, index: 2, path: 'prepare' });
  });

  it('fast path refused after a competing prepare: backs off, prepares above it, and both writes land', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const fromB = wire.put(b, key, 'from-b');
    wire.deliver(match('prepare', b, c));
    wire.drop(match('prepare', b, a));
    const fromA = wire.put(a, key, 'from-a');
    wire.deliver(match('fastAccept', a, c));
    wire.deliver(match('fastAccept', a, b));
    wire.deliver(match('fastAccepted', c, a));
    wire.deliver(match('fastAccepted', b, a));
    expect(wire.eventsOf('rejected').map((e) => e.type === 'rejected' && e.what)).toEqual([
      'fastAccept',
      'fastAccept',
    ]);
    expect(wire.eventsOf('backoff', a)).toHaveLength(1);
    wire.run(400);
    expect(wire.replyTo(fromA)).toMatchObject({ ok: true, path: 'prepare' });
    expect(wire.replyTo(fromB)).toMatchObject({ ok: true });
    const log = chosenLog(wire);
    expect([...log.values()].filter((id) => id === fromA || id === fromB)).toHaveLength(2);
  });

  it('dueling proposers on a fresh key: one value per index, both writes eventually chosen', () => {
    const wire = new Wire();
    const first = wire.put(a, key, 'x');
    const second = wire.put(b, key, 'y');
    // Interleave: each prepare reaches the third replica in turn, so each round outbids the other.
    wire.deliver(match('prepare', a, c));
    wire.deliver(match('prepare', b, c));
    wire.run(1000);
    expect(wire.eventsOf('rejected').length).toBeGreaterThan(0);
    expect(wire.replyTo(first)).toMatchObject({ ok: true });
    expect(wire.replyTo(second)).toMatchObject({ ok: true });
    const log = chosenLog(wire);
    expect(new Set([log.get(1), log.get(2)])).toEqual(new Set([first, second]));
  });

  it('adopts the highest accepted value it finds, then retries its own write at the next index', () => {
    const wire = new Wire();
    const stranded = wire.put(b, key, 'stranded');
    wire.deliver(match('prepare', b, c));
    wire.deliver(match('promise', c, b));
    // b's accept reaches only c, then b crashes: its value sits accepted on two replicas, unannounced.
    wire.deliver(match('accept', b, c));
    wire.start(b, { seed: 2 });
    const mine = wire.put(a, key, 'mine');
    wire.run(200);
    expect(wire.replyTo(mine)).toMatchObject({ ok: true, index: 2, version: 2 });
    const log = chosenLog(wire);
    expect(log.get(1)).toBe(stranded);
    expect(log.get(2)).toBe(mine);
  });

  it('gives up with PREEMPTED after roundsMax refused rounds; not definite, since another attempt of the id may exist', () => {
    const wire = new Wire((config) => ({ ...config, timing: { ...config.timing, roundsMax: 2 } }));
    const id = wire.put(a, key, 'doomed');
    for (let round = 1; round <= 2; round++) {
      // Before a's prepares land, a competitor has been promised a far higher ballot on both peers.
      const counter = 1000 * round;
      for (const [to, from, role] of [
        [b, c, 3],
        [c, b, 2],
      ] as const) {
        const ballot = { counter, role };
        const message = {
          id: `rival:${round}${to}`,
          type: 'prepare',
          from,
          to,
          key,
          index: 1,
          ballot,
        } as const;
        wire.input(to, { kind: 'receive', message });
      }
      wire.drop((m) => m.to !== a && m.from !== a);
      wire.settle();
      expect(wire.eventsOf('rejected')).toHaveLength(2 * round);
      wire.tick(150);
    }
    expect(wire.replyTo(id)).toMatchObject({ ok: false, code: 'PREEMPTED', definite: false });
    expect(wire.state(a).proposers[key]).toBeUndefined();
  });

  it('answers UNAVAILABLE when no replica answers any round', () => {
    const wire = new Wire();
    const id = wire.put(a, key, 'alone');
    for (let t = 0; t < 1100; t += 10) {
      wire.drop(match(undefined, a));
      wire.tick(10);
    }
    expect(wire.replyTo(id)).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: false });
    expect(wire.eventsOf('backoff', a).length).toBeGreaterThan(0);
  });
});
