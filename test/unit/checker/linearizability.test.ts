import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { bruteForceLinearizable, replayLinearization } from './brute-force-checker';
import { bytes, cas, del, get, put } from './history-builders';

/** Checks one history with the checker and its dumb twin, which must agree; returns the checker's result. */
function check(history: HistoryOperation[]) {
  const result = checkHistory(history);
  expect(result.verdict === 'ok').toBe(bruteForceLinearizable(history));
  for (const key of result.keys) {
    if (key.verdict === 'ok') expect(replayLinearization(history, key.key, key.linearizedPrefix)).toBeNull();
  }
  return result;
}

describe('checkHistory on hand-made histories', () => {
  it('accepts an empty history and a sequential one', () => {
    expect(check([]).verdict).toBe('ok');
    const result = check([
      get({ id: 'r0', at: [0, 1] }, null, 0),
      put({ id: 'w1', at: [2, 3] }, 'a', 1),
      get({ id: 'r1', at: [4, 5] }, 'a', 1),
      del({ id: 'd', at: [6, 7] }, 2),
      get({ id: 'r2', at: [8, 9] }, null, 2),
    ]);
    expect(result.verdict).toBe('ok');
    expect(result.keys[0]?.linearizedPrefix).toEqual(['r0', 'w1', 'r1', 'd', 'r2']);
    expect(result.keys[0]?.stateAfterPrefix).toEqual({ value: null, version: 2 });
  });

  it('lets a read concurrent with a write see either the old or the new value', () => {
    const write = put({ id: 'w', at: [0, 10] }, 'new', 1);
    expect(check([write, get({ at: [2, 4] }, null, 0)]).verdict).toBe('ok');
    expect(check([write, get({ at: [2, 4] }, 'new', 1)]).verdict).toBe('ok');
  });

  it('orders overlapping reads: once one read sees the write, a later read cannot see the old value', () => {
    const history = [
      put({ id: 'w', at: [0, 100] }, 'new', 1),
      get({ id: 'sees-new', at: [10, 20] }, 'new', 1),
      get({ id: 'sees-old', at: [30, 40] }, null, 0),
    ];
    const result = check(history);
    expect(result.verdict).toBe('violation');
    expect(result.keys[0]?.unplaced?.blockedOperationId).toBe('sees-old');
  });

  it('finds a stale read and names it, with the concurrent operations and the prefix before it', () => {
    // No version on the read, so no pre-check can tell: the search must find it.
    const result = check([
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'w2', at: [2, 3] }, 'b', 2),
      put({ id: 'w3', at: [4, 20] }, 'c', 3),
      get({ id: 'stale', at: [5, 6] }, 'a'),
    ]);
    expect(result.verdict).toBe('violation');
    const key = result.keys[0];
    expect(key?.precheck).toBeUndefined();
    expect(key?.linearizedPrefix).toEqual(['w1', 'w2', 'w3']);
    expect(key?.stateAfterPrefix).toEqual({ value: bytes('c'), version: 3 });
    expect(key?.unplaced).toEqual({ blockedOperationId: 'stale', concurrentOperationIds: ['w3'] });
  });

  it('finds a stale read that reports its version before any search, naming the write it missed', () => {
    const result = check([
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'w2', at: [2, 3] }, 'b', 2),
      put({ id: 'w3', at: [4, 20] }, 'c', 3),
      get({ id: 'stale', at: [5, 6] }, 'a', 1),
    ]);
    const key = result.keys[0];
    expect(key).toMatchObject({
      verdict: 'violation',
      precheck: { rule: 'stale-version', operationIds: ['stale', 'w2'] },
      linearizedPrefix: [],
      unplaced: { blockedOperationId: 'stale', concurrentOperationIds: ['w3'] },
    });
    expect(key?.reason).toBe(
      'stale saw version 1, but w2 had already left version 2 (it returned at 3 ms, before stale was called at 5 ms)',
    );
    expect(key?.counts.statesVisited).toBe(0);
  });

  it('finds a lost write: two writes claim the same version', () => {
    const result = check([put({ at: [0, 5] }, 'a', 1), put({ at: [1, 6] }, 'b', 1)]);
    expect(result.verdict).toBe('violation');
  });

  it('finds a lost write seen by a read: an acknowledged write vanished', () => {
    expect(
      check([put({ at: [0, 1] }, 'a'), put({ at: [2, 3] }, 'b'), get({ id: 'after-both', at: [4, 5] }, 'a')])
        .verdict,
    ).toBe('violation');
  });

  it('fails only because of a cas that succeeded at a version the key had left', () => {
    const before = [put({ at: [0, 1] }, 'a', 1), put({ at: [2, 3] }, 'b', 2)];
    expect(check([...before, cas({ at: [4, 5] }, 2, 'c', 3)]).verdict).toBe('ok');
    expect(check([...before, cas({ id: 'late-cas', at: [4, 5] }, 1, 'c')]).verdict).toBe('violation');
  });

  it('fails only because of a cas conflict that reported a version the key never had then', () => {
    const before = [put({ at: [0, 1] }, 'a', 1)];
    expect(check([...before, cas({ at: [2, 3], outcome: 'fail' }, 0, 'x', 1)]).verdict).toBe('ok');
    expect(check([...before, cas({ at: [2, 3], outcome: 'fail' }, 0, 'x', 0)]).verdict).toBe('violation');
    // A conflict that reports the very version it expected contradicts itself.
    expect(check([...before, cas({ at: [2, 3], outcome: 'fail' }, 1, 'x', 1)]).verdict).toBe('violation');
  });

  it('ignores a cas that failed without reporting a version, and a failed put', () => {
    const history = [
      put({ at: [0, 1] }, 'a', 1),
      cas({ at: [2, 3], outcome: 'fail' }, 7, 'x'),
      put({ at: [4, 5], outcome: 'fail' }, 'lost'),
      get({ at: [6, 7] }, 'a', 1),
    ];
    expect(check(history).verdict).toBe('ok');
    expect(check(history).keys[0]?.counts).toMatchObject({ operations: 4, searched: 2, skipped: 2 });
  });

  it('fails when a read sees the value of a put that certainly failed', () => {
    expect(check([put({ at: [0, 1], outcome: 'fail' }, 'never'), get({ at: [2, 3] }, 'never')]).verdict).toBe(
      'violation',
    );
  });

  it('fails only because of a delete: a read after the delete still sees the value', () => {
    const before = [put({ at: [0, 1] }, 'a', 1), del({ at: [2, 3] }, 2)];
    expect(check([...before, get({ at: [4, 5] }, null, 2)]).verdict).toBe('ok');
    expect(check([...before, get({ at: [4, 5] }, 'a', 1)]).verdict).toBe('violation');
    expect(check([...before, get({ at: [4, 5] }, null, 1)]).verdict).toBe('violation');
  });

  it('assumes an unknown write applied when a later read saw it', () => {
    const result = check([
      put({ id: 'timed-out', at: [0, null] }, 'maybe'),
      get({ id: 'saw-it', at: [50, 60] }, 'maybe', 1),
      put({ id: 'next', at: [70, 80] }, 'b', 2),
    ]);
    expect(result.verdict).toBe('ok');
    expect(result.keys[0]?.linearizedPrefix).toEqual(['timed-out', 'saw-it', 'next']);
    expect(result.keys[0]?.counts.unknownOutcome).toBe(1);
  });

  it('assumes an unknown write not applied when later operations show it never was', () => {
    const history = [
      put({ id: 'timed-out', at: [0, null] }, 'maybe'),
      cas({ id: 'cas', at: [10, 20] }, 0, 'c', 1),
      get({ id: 'read', at: [30, 40] }, 'c', 1),
    ];
    const result = check(history);
    expect(result.verdict).toBe('ok');
    expect(result.keys[0]?.linearizedPrefix).toEqual(['cas', 'read']);
    // If the last read had seen the timed-out value before the cas, nothing could explain it.
    expect(check([...history, get({ at: [50, 60] }, 'maybe', 1)]).verdict).toBe('violation');
  });

  it('lets an unknown write take effect long after its call, but never before it', () => {
    const timedOut = put({ id: 'timed-out', at: [100, null] }, 'late');
    expect(check([timedOut, get({ at: [500, 510] }, 'late', 1)]).verdict).toBe('ok');
    expect(check([timedOut, get({ at: [0, 50] }, 'late', 1)]).verdict).toBe('violation');
  });

  it('treats an unknown cas as applied only where its expected version held', () => {
    const history = [put({ at: [0, 1] }, 'a', 1), cas({ at: [2, null] }, 0, 'never-matches')];
    expect(check([...history, get({ at: [10, 11] }, 'never-matches')]).verdict).toBe('violation');
    expect(check([...history, get({ at: [10, 11] }, 'a', 1)]).verdict).toBe('ok');
  });

  it('counts a return and a call at the same moment as concurrent, and one a moment later as ordered', () => {
    const write = put({ at: [0, 5] }, 'a', 1);
    expect(check([write, get({ at: [5, 6] }, null, 0)]).verdict).toBe('ok');
    expect(check([write, get({ at: [5.001, 6] }, null, 0)]).verdict).toBe('violation');
  });

  it('rejects a read of a value nobody wrote', () => {
    expect(check([put({ at: [0, 10] }, 'a'), get({ at: [1, 2] }, 'b')]).verdict).toBe('violation');
  });

  it('checks keys independently and reports each', () => {
    const result = check([
      put({ key: 'x', at: [0, 1] }, 'a', 1),
      put({ key: 'y', at: [0, 1] }, 'a', 1),
      get({ key: 'y', at: [2, 3] }, null, 0),
      get({ key: 'x', at: [2, 3] }, 'a', 1),
    ]);
    expect(result.verdict).toBe('violation');
    expect(result.keys.map((key) => [key.key, key.verdict])).toEqual([
      ['x', 'ok'],
      ['y', 'violation'],
    ]);
    expect(result.counts).toMatchObject({
      operations: 4,
      keys: 2,
      keysOk: 1,
      keysViolation: 1,
      keysUnknown: 0,
    });
  });

  it('explains a violation among many concurrent operations with the pending ones', () => {
    const result = check([
      put({ id: 'w', at: [0, 1] }, 'a', 1),
      get({ id: 'r1', at: [2, 10] }, 'a', 1),
      get({ id: 'r2', at: [2, 10] }, 'a', 1),
      put({ id: 'w2', at: [3, 12] }, 'b', 2),
      get({ id: 'bad', at: [4, 8] }, null),
    ]);
    expect(result.keys[0]?.unplaced?.blockedOperationId).toBe('bad');
    expect(result.keys[0]?.unplaced?.concurrentOperationIds).toEqual(['r1', 'r2', 'w2']);
    expect(result.keys[0]?.linearizedPrefix).toEqual(['w', 'r1', 'r2', 'w2']);
  });
});
