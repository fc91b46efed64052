/**
 * The per-key checksum: FNV-1a-64 as published, and two correct replicas that chose the same entries
 * agree on it whatever way each learned them (proposing, accepting, jumping by catch-up, or hearing of
 * entries out of order), while any change to the chosen value changes it.
 */
import { describe, expect, it } from 'vitest';
import { entryDigest, fnv1a64, keyChecksum } from '../../../app/verification/checksum';
import type { EntryValue, PeerMessage } from '../../../app/paxos/types';
import { bytes, keyWithReplicas, match, Wire } from '../paxos/wire';

const { key, a, b, c } = keyWithReplicas();

describe('fnv1a64', () => {
  it('matches the published test vectors', () => {
    expect(fnv1a64(bytes(''))).toBe('cbf29ce484222325');
    expect(fnv1a64(bytes('a'))).toBe('af63dc4c8601ec8c');
    expect(fnv1a64(bytes('foobar'))).toBe('85944171f73967e8');
  });
});

describe('keyChecksum', () => {
  it('agrees on the proposer, an acceptor that learned each entry, and a replica that jumped', () => {
    const wire = new Wire();
    for (const value of ['v1', 'v2', 'v3']) {
      wire.put(a, key, value);
      wire.settle((m) => m.to !== c);
      wire.drop((m) => m.to === c);
    }
    expect(wire.state(c).records[key]).toBeUndefined();
    wire.get(c, key); // c's read catches up: it jumps straight to entry 3
    wire.settle();
    expect(wire.eventsOf('catchUp', c)).toHaveLength(1);
    const sums = [a, b, c].map((node) => keyChecksum(wire.state(node).records[key]!));
    expect(sums[0]).toMatchObject({ index: 3 });
    expect(sums[1]).toEqual(sums[0]);
    expect(sums[2]).toEqual(sums[0]);
  });

  it('agrees when the chosen notices arrive in another order, or with other ballots', () => {
    const wire = new Wire();
    const notices: PeerMessage[] = [];
    for (const value of ['v1', 'v2', 'v3']) {
      wire.put(a, key, value);
      wire.settle((m) => m.to !== c || m.type !== 'chosen');
      notices.push(wire.take(match('chosen', a, c))!);
      wire.drop((m) => m.to === c);
    }
    // c voted on every entry but hears of them chosen newest first: the older notices change nothing.
    for (const notice of [...notices].reverse()) {
      wire.input(c, {
        kind: 'receive',
        message: { ...notice, ballot: { counter: 9, role: 3 } } as PeerMessage,
      });
    }
    expect(keyChecksum(wire.state(c).records[key]!)).toEqual(keyChecksum(wire.state(a).records[key]!));
  });

  it('changes with every field of the chosen value, the index and the key', () => {
    const value: EntryValue = {
      requestId: 'r1',
      owner: 'n0',
      version: 2,
      deleted: false,
      data: bytes('hello'),
      requests: [{ requestId: 'r0', version: 1, index: 1 }],
    };
    const base = entryDigest('k', 2, value);
    const flipped = bytes('hello');
    flipped[0]! ^= 0x20;
    const variants = [
      entryDigest('k', 2, { ...value, data: flipped }),
      entryDigest('k', 2, { ...value, requestId: 'r2' }),
      entryDigest('k', 2, { ...value, owner: 'n1' }),
      entryDigest('k', 2, { ...value, version: 3 }),
      entryDigest('k', 2, { ...value, deleted: true }),
      entryDigest('k', 2, { ...value, requests: [] }),
      entryDigest('k', 3, value),
      entryDigest('k2', 2, value),
      entryDigest('k', 2, null),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
    expect(entryDigest('k', 2, { ...value, data: bytes('hello') })).toBe(base);
  });
});
