import fc from 'fast-check';
import './fc-replay';
import { describe, expect, it } from 'vitest';
import { placeKey, roleOf } from '../../app/paxos';
import { fnv1a32, rolePositions, utf8Bytes, utf8Length } from '../../app/paxos/placement';
import type { PlacementGroup } from '../../app/paxos';

const groupsArbitrary = fc.integer({ min: 1, max: 5 }).map((count): PlacementGroup[] =>
  Array.from({ length: count }, (_, g) => ({
    id: `g${g}`,
    members: Array.from({ length: 6 }, (_, m) => `g${g}n${m}`),
  })),
);

describe('placement', () => {
  it('puts every key on three distinct members in three distinct datacenters, deterministically', () => {
    fc.assert(
      fc.property(
        groupsArbitrary,
        fc.string({ minLength: 1, maxLength: 64, unit: 'binary' }),
        (groups, key) => {
          const placed = placeKey(groups, key);
          expect(placeKey(groups, key)).toEqual(placed);
          const group = groups.find((g) => g.id === placed.groupId)!;
          const positions = placed.replicas.map((node) => group.members.indexOf(node));
          expect(new Set(positions).size).toBe(3);
          expect(new Set(positions.map((m) => m % 3)).size).toBe(3);
          placed.replicas.forEach((node, i) => expect(roleOf(groups, key, node)).toBe(i + 1));
        },
      ),
    );
  });

  it('gives each A node B and C partners covering all four nodes of the other two datacenters', () => {
    for (let a = 0; a < 6; a++) {
      const partners = new Set<number>();
      for (let sect = a; sect < 24; sect += 6) {
        const [first, b, c] = rolePositions(sect);
        expect(first).toBe(a);
        partners.add(b).add(c);
      }
      expect([...partners].sort()).toEqual([0, 1, 2, 3, 4, 5].filter((m) => m % 3 !== a % 3));
    }
  });

  it('hashes with FNV-1a over UTF-8 bytes', () => {
    expect(fnv1a32(utf8Bytes(''))).toBe(0x811c9dc5);
    expect(fnv1a32(utf8Bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a32(utf8Bytes('foobar'))).toBe(0xbf9cf968);
  });
});

describe('UTF-8 length', () => {
  it('matches the encoder for any string, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u)) }),
        (text, odd) => {
          expect(utf8Length(text)).toBe(utf8Bytes(text).length);
          expect(utf8Length(text + odd)).toBe(utf8Bytes(text + odd).length);
        },
      ),
    );
  });
});
