/** Crashes: a node restarted from its durable records keeps every promise and accept, and loses only volatile state. */
import { describe, expect, it } from 'vitest';
import { keyWithReplicas, match, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

describe('crash and restart', () => {
  it('a proposer that crashed between persist and send proposes above its own persisted promise', () => {
    const wire = new Wire();
    wire.put(a, key, 'lost');
    const persisted = wire.disks.get(a)?.get(key)?.instances[0]?.promised;
    expect(persisted).toEqual({ counter: 1, role: 1 });
    wire.drop(match(undefined, a));
    const restarted = wire.start(a, { seed: 2 });
    expect(restarted.proposers).toEqual({});
    expect(restarted.queues).toEqual({});
    expect(restarted.records[key]?.instances[0]?.promised).toEqual(persisted);
    const id = wire.put(a, key, 'again');
    expect(
      wire.inFlight.filter((m) => m.type === 'prepare').map((m) => m.type === 'prepare' && m.ballot),
    ).toEqual([
      { counter: 2, role: 1 },
      { counter: 2, role: 1 },
    ]);
    wire.settle();
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 1 });
  });

  it('an acceptor that crashed after persisting an accept, before replying, still holds the value', () => {
    const wire = new Wire();
    const id = wire.put(b, key, 'v');
    wire.settle((m) => m.type === 'prepare' || m.type === 'promise');
    wire.drop(match('accept', b, c));
    wire.deliver(match('accept', b, a));
    wire.drop(match('accepted', a, b));
    wire.start(a, { seed: 2 });
    expect(wire.state(a).records[key]?.instances[0]).toMatchObject({ accepted: { counter: 1, role: 2 } });
    // The proposer's round times out; its next round finds its own value accepted and completes it.
    wire.run(300);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 1 });
    const chosen = wire.eventsOf('chosen').filter((e) => e.type === 'chosen' && e.index === 1);
    expect(new Set(chosen.map((e) => e.type === 'chosen' && e.requestId))).toEqual(new Set([id]));
  });

  it('a fast proposer that crashed after its fastAccept left, before its own vote was durable, prepares there after restart', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    wire.crashBeforePersist(a);
    const lost = wire.put(a, key, 'v2');
    // The fastAccepts left; the own vote at #2 never reached the disk.
    expect(wire.inFlight.map((m) => [m.type, m.to, m.index])).toEqual([
      ['fastAccept', b, 2],
      ['fastAccept', c, 2],
    ]);
    expect(
      wire.disks
        .get(a)
        ?.get(key)
        ?.instances.map((i) => i.index),
    ).toEqual([1]);
    wire.deliver(match('fastAccept', a, b));
    wire.drop(match(undefined, a));
    wire.drop(match(undefined, undefined, a));
    const restarted = wire.start(a, { seed: 2 });
    expect(restarted.fastFloor[key]).toBe(3);
    const id = wire.put(a, key, 'v3');
    // Still the owner of #1 with no vote at #2, but #2 is below the fast floor: prepare, not b(0,1).
    expect(wire.inFlight.map((m) => [m.type, m.index])).toEqual([
      ['prepare', 2],
      ['prepare', 2],
    ]);
    // b's promise reports v2 at b(0,1): the proposer finishes it, then writes v3 on the fast band at #3.
    wire.deliver(match('prepare', a, b));
    wire.deliver(match('promise', b, a));
    wire.settle();
    const chosen = wire.eventsOf('chosen', a);
    expect(chosen.map((e) => e.type === 'chosen' && [e.index, e.requestId])).toEqual([
      [1, expect.any(String)],
      [2, lost],
      [3, id],
    ]);
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 3, path: 'fast' });
  });

  it('without the fast floor the same crash lets two values be chosen at one index (why the floor exists)', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    wire.crashBeforePersist(a);
    const lost = wire.put(a, key, 'v2');
    wire.deliver(match('fastAccept', a, b));
    wire.drop(match(undefined, a));
    wire.drop(match(undefined, undefined, a));
    // The floor taken away by hand: the restarted owner reuses b(0,1) at #2 with another value.
    wire.start(a, { seed: 2 }).fastFloor = {};
    const reused = wire.put(a, key, 'v3');
    wire.deliver(match('fastAccept', a, c));
    wire.deliver(match('fastAccepted', c, a));
    wire.drop(() => true);
    expect(wire.replyTo(reused)).toMatchObject({ ok: true, index: 2, path: 'fast' });
    // b holds v2 under the same ballot; its prepare hears c's v3 at b(0,1) and keeps its own v2.
    wire.put(b, key, 'v4');
    wire.settle((m) => m.from !== a && m.to !== a);
    const chosenAt2 = wire.events
      .map(({ event }) => event)
      .filter((e) => e.type === 'chosen' && e.index === 2)
      .map((e) => e.type === 'chosen' && e.requestId);
    expect(new Set(chosenAt2)).toEqual(new Set([reused, lost]));
  });

  it('a restarted node may use the fast band again two above its durable top index', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    wire.put(a, key, 'v2');
    wire.settle();
    expect(wire.start(a, { seed: 2 }).fastFloor[key]).toBe(4);
    expect(wire.start(b, { seed: 2 }).fastFloor).toEqual({ [key]: 4 });
    const id = wire.put(a, key, 'v3');
    expect(wire.inFlight.map((m) => [m.type, m.index])).toEqual([
      ['prepare', 3],
      ['prepare', 3],
    ]);
    wire.settle();
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 3, path: 'prepare' });
    const next = wire.put(a, key, 'v4');
    wire.settle();
    expect(wire.replyTo(next)).toMatchObject({ ok: true, index: 4, path: 'fast' });
  });

  it('a chosen flag written lazily and lost in a crash is relearned, never contradicted', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    // Forget c's chosen flag as if its unsynced write was lost: its disk keeps the synced accept.
    const disk = wire.disks.get(c)!;
    const record = disk.get(key)!;
    disk.set(key, {
      ...record,
      instances: record.instances.map((i) => ({ ...i, chosen: false })),
      recent: [],
    });
    wire.start(c, { seed: 3 });
    const id = wire.get(c, key);
    wire.settle();
    expect(wire.replyTo(id)).toMatchObject({ ok: true, index: 1, version: 1 });
  });
});
