/** Reads: served locally when up to date, after catching up when behind, after a redo when pending. */
import { describe, expect, it } from 'vitest';
import { keyWithReplicas, match, text, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

function readAt(wire: Wire, node: string) {
  const id = wire.get(node, key);
  wire.settle();
  const answer = wire.replyTo(id);
  return { answer, value: answer?.ok ? text(answer.value) : undefined };
}

describe('reads', () => {
  it('an unknown key reads as absent at version 0', () => {
    const wire = new Wire();
    expect(readAt(wire, b).answer).toMatchObject({
      ok: true,
      value: null,
      version: 0,
      index: 0,
      path: 'local',
    });
  });

  it('serves locally when no peer is ahead, after one probe reply', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const id = wire.get(c, key);
    wire.drop(match('readProbe', c, b));
    wire.settle();
    expect(wire.replyTo(id)).toMatchObject({ ok: true, path: 'local', index: 1, version: 1 });
    expect(wire.eventsOf('readServed', c)).toEqual([{ type: 'readServed', key, index: 1, how: 'local' }]);
  });

  it('catches up first when a peer has chosen beyond the local chosen index', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle((m) => m.to !== c);
    wire.put(a, key, 'v2');
    wire.settle((m) => m.to !== c);
    wire.drop((m) => m.to === c);
    const { answer, value } = readAt(wire, c);
    expect(answer).toMatchObject({ ok: true, path: 'catch-up', index: 2, version: 2 });
    expect(value).toBe('v2');
    expect(wire.state(c).counters.readsCatchUp).toBe(1);
  });

  it('finishes a pending instance before serving (redo), never returning the older value', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    // b's v2 is accepted by b and a, so it is chosen, but b crashes before anyone hears so.
    wire.put(b, key, 'v2');
    wire.drop((m) => m.to === c);
    wire.settle((m) => m.type === 'prepare' || m.type === 'promise');
    wire.deliver(match('accept', b, a));
    wire.drop(() => true);
    wire.start(b, { seed: 3 });
    expect(wire.state(c).records[key]?.instances.at(-1)?.index).toBe(1);
    const { answer, value } = readAt(wire, c);
    expect(answer).toMatchObject({ ok: true, path: 'redo', index: 2, version: 2 });
    expect(value).toBe('v2');
    expect(wire.state(c).counters.readsRedo).toBe(1);
  });

  it('redo with nothing accepted decides a no-op that keeps the value and the version', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    // A prepare for index 2 reaches a and c, then its proposer disappears: pending, nothing accepted.
    wire.put(b, key, 'lost');
    wire.settle((m) => m.type === 'prepare');
    wire.drop(() => true);
    wire.start(b, { seed: 3 });
    const { answer, value } = readAt(wire, c);
    expect(answer).toMatchObject({ ok: true, path: 'redo', index: 2, version: 1 });
    expect(value).toBe('v1');
    const chosen = wire.eventsOf('chosen').filter((e) => e.type === 'chosen' && e.index === 2);
    expect(chosen[0]).toMatchObject({ requestId: '', version: 1 });
  });

  it('answers UNAVAILABLE when no peer answers the probe before the deadline', () => {
    const wire = new Wire();
    const id = wire.get(a, key);
    for (let t = 0; t < 1100; t += 20) {
      wire.drop(match('readProbe'));
      wire.tick(20);
    }
    expect(wire.replyTo(id)).toMatchObject({ ok: false, code: 'UNAVAILABLE', definite: true });
  });
});
