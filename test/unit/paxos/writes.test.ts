/** Client writes: CAS, delete, request-id de-duplication, NOT_REPLICA and the bounded queue. */
import { describe, expect, it } from 'vitest';
import { placeKey } from '../../../app/paxos';
import { bytes, groups, keyWithReplicas, text, Wire } from './wire';

const { key, a, b, c } = keyWithReplicas();

describe('writes', () => {
  it('CAS succeeds at the expected version and conflicts, definitely, at any other', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const good = wire.request(b, { kind: 'cas', key, value: bytes('v2'), expectedVersion: 1 });
    wire.settle();
    expect(wire.replyTo(good)).toMatchObject({ ok: true, version: 2 });
    const stale = wire.request(c, { kind: 'cas', key, value: bytes('v3'), expectedVersion: 1 });
    wire.settle();
    expect(wire.replyTo(stale)).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
      currentVersion: 2,
      definite: true,
    });
  });

  it('CAS on a replica that is behind without knowing it confirms the version before answering', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    wire.put(a, key, 'v2');
    wire.settle((m) => m.to !== c);
    wire.drop((m) => m.to === c);
    // c still holds version 1 as its newest chosen entry and has no instance above it.
    const matching = wire.request(c, { kind: 'cas', key, value: bytes('v3'), expectedVersion: 2 });
    wire.settle();
    expect(wire.replyTo(matching)).toMatchObject({ ok: true, version: 3, index: 3 });
    const stale = wire.request(c, { kind: 'cas', key, value: bytes('v4'), expectedVersion: 2 });
    wire.settle();
    expect(wire.replyTo(stale)).toMatchObject({ ok: false, code: 'VERSION_CONFLICT', currentVersion: 3 });
  });

  it('CAS that loses its index to a concurrent write re-checks its version and conflicts', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const cas = wire.request(b, { kind: 'cas', key, value: bytes('cas'), expectedVersion: 1 });
    const put = wire.put(c, key, 'put');
    // c (role C) outbids b (role B) at the same counter; its round completes before b's reaches a.
    wire.settle((m) => m.from === c || m.to === c);
    wire.run(300);
    expect(wire.replyTo(put)).toMatchObject({ ok: true, index: 2, version: 2 });
    expect(wire.replyTo(cas)).toMatchObject({
      ok: false,
      code: 'VERSION_CONFLICT',
      currentVersion: 2,
      definite: true,
    });
  });

  it('delete writes a tombstone: version goes up and reads see no value', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1');
    wire.settle();
    const del = wire.request(b, { kind: 'delete', key });
    wire.settle();
    expect(wire.replyTo(del)).toMatchObject({ ok: true, version: 2 });
    const read = wire.get(c, key);
    wire.settle();
    expect(wire.replyTo(read)).toMatchObject({ ok: true, version: 2, value: null });
    const again = wire.put(c, key, 'back');
    wire.settle();
    expect(wire.replyTo(again)).toMatchObject({ ok: true, version: 3 });
  });

  it('a retried request id is answered from the recent window without proposing again', () => {
    const wire = new Wire();
    wire.put(a, key, 'v1', 'req-1');
    wire.settle();
    const before = wire.state(a).counters.proposals;
    wire.put(a, key, 'v1', 'req-1');
    wire.settle();
    const answers = wire.replies.filter(({ reply }) => reply.requestId === 'req-1').map(({ reply }) => reply);
    expect(answers[1]).toMatchObject({ ok: true, version: 1, index: 1, path: 'dedup' });
    expect(wire.state(a).counters.proposals).toBe(before);
    // Another replica that learned the entry de-duplicates too.
    wire.put(b, key, 'v1', 'req-1');
    wire.settle();
    expect(wire.replies.at(-1)?.reply).toMatchObject({ ok: true, path: 'dedup' });
  });

  it('answers NOT_REPLICA with the replicas when the node does not hold the key', () => {
    const wire = new Wire();
    const outsider = groups[0]!.members.find((node) => ![a, b, c].includes(node))!;
    const id = wire.put(outsider, key, 'v');
    expect(wire.replyTo(id)).toMatchObject({
      ok: false,
      code: 'NOT_REPLICA',
      replicas: placeKey(groups, key).replicas,
      definite: false,
    });
  });

  it('queues writes per key and answers BUSY beyond pendingRequestsMax', () => {
    const wire = new Wire((config) => ({ ...config, limits: { ...config.limits, pendingRequestsMax: 2 } }));
    const ids = [wire.put(a, key, '1'), wire.put(a, key, '2'), wire.put(a, key, '3')];
    expect(wire.replyTo(ids[2]!)).toMatchObject({ ok: false, code: 'BUSY', definite: false });
    wire.settle();
    expect(wire.replyTo(ids[0]!)).toMatchObject({ ok: true, index: 1 });
    expect(wire.replyTo(ids[1]!)).toMatchObject({ ok: true, index: 2, path: 'fast' });
    const read = wire.get(b, key);
    wire.settle();
    const answer = wire.replyTo(read);
    expect(answer?.ok && text(answer.value)).toBe('2');
  });
});
