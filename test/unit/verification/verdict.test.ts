/** Who is wrong when a key's copies differ, what the verifier repairs, and the pace it keeps. */
import { describe, expect, it } from 'vitest';
import { batchIntervalMs, detectionBoundMs, keysByPeer, nextBatch } from '../../../app/verification/schedule';
import { holdsMajority, judge, type StoredCopy } from '../../../app/verification/verdict';
import { groups, keyWithReplicas } from '../paxos/wire';

const sum = (node: string, index: number, digest: string): StoredCopy => ({
  node,
  kind: 'checksum',
  index,
  digest,
});
const good = '00000000000000aa';
const bad = '00000000000000bb';

describe('judge', () => {
  it('agrees when every copy at the same index has the same checksum', () => {
    expect(judge('n0', [sum('n0', 3, good), sum('n1', 3, good), sum('n2', 3, good)])).toEqual({
      kind: 'agree',
      index: 3,
    });
    // One peer unreachable, the other agreeing: still a comparison.
    const down: StoredCopy = { node: 'n2', kind: 'unreachable', reason: 'UNAVAILABLE' };
    expect(judge('n0', [sum('n0', 3, good), sum('n1', 3, good), down])).toMatchObject({ kind: 'agree' });
  });

  it('compares nothing across indexes: a replica behind is not wrong', () => {
    expect(judge('n0', [sum('n0', 3, good), sum('n1', 4, bad), sum('n2', 5, bad)])).toEqual({
      kind: 'notComparable',
    });
    expect(judge('n0', [sum('n0', 3, good), { node: 'n1', kind: 'absent' }])).toEqual({
      kind: 'notComparable',
    });
  });

  it('finds itself wrong when both others agree on another checksum', () => {
    expect(judge('n0', [sum('n0', 3, bad), sum('n1', 3, good), sum('n2', 3, good)])).toEqual({
      kind: 'divergent',
      index: 3,
      wrong: ['n0'],
      majority: { index: 3, digest: good },
    });
  });

  it('finds the other wrong when one peer agrees with it', () => {
    expect(judge('n0', [sum('n0', 3, good), sum('n1', 3, bad), sum('n2', 3, good)])).toEqual({
      kind: 'divergent',
      index: 3,
      wrong: ['n1'],
      majority: { index: 3, digest: good },
    });
  });

  it('decides nothing one against one, or three ways', () => {
    const oneOnOne = judge('n0', [sum('n0', 3, good), sum('n1', 3, bad), sum('n2', 2, good)]);
    expect(oneOnOne).toEqual({ kind: 'undecided', index: 3, digests: { n0: good, n1: bad } });
    const threeWays = judge('n0', [sum('n0', 3, good), sum('n1', 3, bad), sum('n2', 3, '00000000000000cc')]);
    expect(threeWays).toMatchObject({ kind: 'undecided' });
  });

  it('takes a copy that does not decode as wrong by itself', () => {
    const unreadable: StoredCopy = { node: 'n1', kind: 'unreadable', reason: 'does not parse' };
    expect(judge('n0', [sum('n0', 3, good), unreadable, sum('n2', 3, good)])).toMatchObject({
      kind: 'divergent',
      wrong: ['n1'],
    });
    const own: StoredCopy = { node: 'n0', kind: 'unreadable', reason: 'does not parse' };
    expect(judge('n0', [own, sum('n1', 3, good), sum('n2', 3, good)])).toEqual({
      kind: 'divergent',
      index: 3,
      wrong: ['n0'],
      majority: { index: 3, digest: good },
    });
    // Its own copy unreadable and the others disagreeing: no majority value to repair to.
    expect(judge('n0', [own, sum('n1', 3, good), sum('n2', 3, bad)])).toMatchObject({ kind: 'undecided' });
  });
});

describe('holdsMajority', () => {
  const majority = { index: 3, digest: good };
  it("accepts a copy read back after a repair only at the majority's entry or a newer one", () => {
    expect(holdsMajority(sum('n0', 3, good), majority)).toBe(true);
    expect(holdsMajority(sum('n0', 4, bad), majority)).toBe(true);
    expect(holdsMajority(sum('n0', 3, bad), majority)).toBe(false);
    expect(holdsMajority(sum('n0', 2, good), majority)).toBe(false);
    expect(holdsMajority({ node: 'n0', kind: 'absent' }, majority)).toBe(false);
  });
});

describe('schedule', () => {
  it('walks the keys in order, a batch at a time, and starts over after the last', () => {
    const keys = ['a', 'b', 'c', 'd', 'e'];
    const first = nextBatch(keys, null, 2);
    expect(first).toEqual({ keys: ['a', 'b'], after: 'b', passDone: false });
    const second = nextBatch(keys, first.after, 2);
    expect(second).toEqual({ keys: ['c', 'd'], after: 'd', passDone: false });
    expect(nextBatch(keys, second.after, 2)).toEqual({ keys: ['e'], after: null, passDone: true });
    // A key removed under the cursor does not stall the walk.
    expect(nextBatch(['a', 'c'], 'b', 2)).toEqual({ keys: ['c'], after: null, passDone: true });
    expect(nextBatch([], null, 2)).toEqual({ keys: [], after: null, passDone: true });
  });

  it('asks each key of every other replica', () => {
    const { key, a, b, c } = keyWithReplicas();
    expect(keysByPeer([key], groups, a)).toEqual(
      new Map([
        [b, [key]],
        [c, [key]],
      ]),
    );
  });

  it('bounds detection by a whole pass at its pace', () => {
    const pace = { keysPerSecond: 20, batchKeys: 10 };
    expect(batchIntervalMs(pace)).toBe(500);
    // 45 keys: 5 batches of a pass, plus the batch in flight, plus the call's limit.
    expect(detectionBoundMs(45, pace, 2000)).toBe(6 * 500 + 2 * 2000);
  });
});
