import { describe, expect, it } from 'vitest';
import { headerOf } from '../../../app/paxos';
import { keyWithReplicas, text, Wire } from './wire';

describe('happy path', () => {
  it('writes a fresh key through prepare, then the owner writes again on the fast path', () => {
    const wire = new Wire();
    const { key, a, b, c } = keyWithReplicas();
    const first = wire.put(a, key, 'v1');
    wire.settle();
    expect(wire.replyTo(first)).toMatchObject({ ok: true, version: 1, index: 1, path: 'prepare' });
    const second = wire.put(a, key, 'v2');
    wire.settle();
    expect(wire.replyTo(second)).toMatchObject({ ok: true, version: 2, index: 2, path: 'fast' });
    for (const node of [a, b, c]) {
      expect(headerOf(wire.state(node).records[key]!)).toEqual({ maxIndex: 2, chosenIndex: 2, version: 2 });
    }
    const read = wire.get(b, key);
    wire.settle();
    const answer = wire.replyTo(read);
    expect(answer).toMatchObject({ ok: true, version: 2, index: 2, path: 'local' });
    expect(answer?.ok && text(answer.value)).toBe('v2');
  });
});
