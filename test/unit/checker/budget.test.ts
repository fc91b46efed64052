import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { budgetExhaustedReason, checkHistory, notCheckedReason } from '../../../app/checker/linearizability';
import { get, put } from './history-builders';

/**
 * Timed-out puts without versions, each seen by one read, then a read of a value none of them wrote:
 * before it can say "violation" the search must try the puts in every order, at least 2^count nodes.
 */
function exponentialHistory(count: number, key = 'hard'): HistoryOperation[] {
  const puts = Array.from({ length: count }, (_, i) =>
    put({ id: `${key}-u${i}`, key, at: [i, null] }, `u${i}`),
  );
  const reads = Array.from({ length: count }, (_, i) =>
    get({ id: `${key}-r${i}`, key, at: [50, 100] }, `u${i}`),
  );
  return [...puts, ...reads, get({ id: `${key}-read`, key, at: [200, 201] }, 'nobody wrote this')];
}

/** A clock that moves one millisecond every time it is read. */
function tickingClock(): () => number {
  let ms = 0;
  return () => ms++;
}

describe('time budget', () => {
  it('decides a hard history when given time', () => {
    const result = checkHistory(exponentialHistory(8));
    expect(result.verdict).toBe('violation');
    expect(result.counts.statesVisited).toBeGreaterThanOrEqual(2 ** 8);
  });

  it('answers unknown when the budget runs out mid-search, and leaves later keys unchecked', () => {
    const history = [...exponentialHistory(18), put({ key: 'later', at: [0, 1] }, 'x', 1)];
    const result = checkHistory(history, { now: tickingClock(), budgetMs: 3 });
    expect(result.verdict).toBe('unknown');
    expect(result.keys.map((key) => [key.key, key.verdict, key.reason])).toEqual([
      ['hard', 'unknown', budgetExhaustedReason],
      ['later', 'unknown', notCheckedReason],
    ]);
    expect(result.counts).toMatchObject({ keys: 2, keysOk: 0, keysViolation: 0, keysUnknown: 2 });
    expect(result.elapsedMs).toBeGreaterThanOrEqual(3);
  });

  it('still reports a violation found before the budget ran out', () => {
    const history = [
      put({ key: 'bad', at: [0, 1] }, 'a', 1),
      get({ key: 'bad', at: [2, 3] }, 'b'),
      ...exponentialHistory(18),
    ];
    const result = checkHistory(history, { now: tickingClock(), budgetMs: 3 });
    expect(result.verdict).toBe('violation');
    expect(result.keys.map((key) => key.verdict)).toEqual(['violation', 'unknown']);
  });

  it('checks nothing with a budget of zero', () => {
    const result = checkHistory([put({ at: [0, 1] }, 'a', 1)], { now: () => 0, budgetMs: 0 });
    expect(result.keys[0]).toMatchObject({ verdict: 'unknown', reason: notCheckedReason });
  });

  it('rejects budget options that cannot work, naming the option', () => {
    expect(() => checkHistory([], { budgetMs: 10 })).toThrow(
      'options.now is required when options.budgetMs is set',
    );
    expect(() => checkHistory([], { now: () => 0, budgetMs: -1 })).toThrow(
      'options.budgetMs must be a number ≥ 0, got -1',
    );
    expect(() => checkHistory([], { now: () => 0, budgetMs: Number.NaN })).toThrow(
      'options.budgetMs must be a number ≥ 0',
    );
  });
});
