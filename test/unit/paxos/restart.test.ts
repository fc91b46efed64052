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
