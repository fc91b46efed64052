/** Range checksums (app/verification/ranges.ts): equal exactly when every key's copy in the range is. */
import { describe, expect, it } from 'vitest';
import { keysIn, rangeDigest, rangeOf } from '../../../app/verification/ranges';
import type { StoredCopy } from '../../../app/verification/verdict';

const sum = (index: number, digest: string): StoredCopy => ({ node: 'n0', kind: 'checksum', index, digest });
const good = '00000000000000aa';
const other = '00000000000000bb';

describe('range checksums', () => {
  const range = [
    { key: 'a', copy: sum(3, good) },
    { key: 'b', copy: sum(1, good) },
  ];

  it('agree whichever replica sums the same copies, whatever node read them', () => {
    const elsewhere = range.map(({ key, copy }) => ({ key, copy: { ...copy, node: 'n4' } }));
    expect(rangeDigest(elsewhere)).toBe(rangeDigest(range));
    expect(rangeDigest(range)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differ when any key differs: its checksum, its index, a copy missing or unreadable, a key more', () => {
    const digest = rangeDigest(range);
    const changed: { key: string; copy: StoredCopy }[][] = [
      [range[0]!, { key: 'b', copy: sum(1, other) }],
      [range[0]!, { key: 'b', copy: sum(2, good) }],
      [range[0]!, { key: 'b', copy: { node: 'n0', kind: 'absent' } }],
      [range[0]!, { key: 'b', copy: { node: 'n0', kind: 'unreadable', reason: 'bad tag' } }],
      [range[0]!],
      [...range, { key: 'c', copy: sum(1, good) }],
    ];
    for (const copies of changed) expect(rangeDigest(copies)).not.toBe(digest);
  });

  it('keeps keys apart: "ab" then "c" is not "a" then "bc"', () => {
    const split = (x: string, y: string) =>
      rangeDigest([
        { key: x, copy: sum(1, good) },
        { key: y, copy: sum(1, good) },
      ]);
    expect(split('ab', 'c')).not.toBe(split('a', 'bc'));
  });

  it('spans sorted keys, bounds included', () => {
    const keys = ['a', 'b', 'c', 'd'];
    expect(rangeOf(['b', 'c'])).toEqual({ firstKey: 'b', lastKey: 'c' });
    expect(keysIn(keys, { firstKey: 'b', lastKey: 'c' })).toEqual(['b', 'c']);
    expect(keysIn(keys, { firstKey: 'bb', lastKey: 'z' })).toEqual(['c', 'd']);
  });
});
