/**
 * Limits: a time budget shared fairly by the keys, cheapest first; a memory limit per search; a stop
 * at the first violation. Whatever runs out, the check answers with a verdict per key and a reason,
 * and never throws.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory, defaultBudgetMs, defaultMemoryLimitBytes } from '../../../app/checker/linearizability';
import { exponentialHistory, unansweredPutsHistory } from '../../../app/checker/timeout-shapes';
import { cas, get, put, tickingClock } from './history-builders';

/** A violation only the search finds: a read without a version sees a value overwritten before it began. */
function plainViolation(key: string): HistoryOperation[] {
  return [
    put({ id: `${key}-w1`, key, at: [0, 1] }, 'a', 1),
    put({ id: `${key}-w2`, key, at: [2, 3] }, 'b', 2),
    get({ id: `${key}-stale`, key, at: [5, 6] }, 'a'),
  ];
}

/** Looks hard (many classes of timed-out writes) but is decided at once: no cas can ever apply. */
function hardLookingEasyKey(key: string): HistoryOperation[] {
  return Array.from({ length: 20 }, (_, i) =>
    cas({ id: `${key}-c${i}`, key, at: [i, null] }, 100 + i, `c${i}`),
  );
}

describe('time budget', () => {
  it('decides a hard history when given time', () => {
    const result = checkHistory(exponentialHistory(8));
    expect(result.verdict).toBe('violation');
    expect(result.counts.statesVisited).toBeGreaterThanOrEqual(2 ** 8);
  });

  it('answers unknown, with the cause and the share it had, when the budget runs out mid-search', () => {
    const result = checkHistory(exponentialHistory(18), { now: tickingClock(), budgetMs: 50 });
    expect(result.verdict).toBe('unknown');
    expect(result.keys[0]).toMatchObject({ verdict: 'unknown', unknownCause: 'time' });
    expect(result.keys[0]?.reason).toMatch(
      /^out of time: the search used up this key's share of the time budget \(\d+ ms of the 50 ms budget\)$/,
    );
    expect(result.elapsedMs).toBeGreaterThanOrEqual(50);
  });

  it('does not let a hard key starve the others: cheaper keys go first, each with its own share', () => {
    // The hard key comes first in the history and would take every millisecond if searched first.
    const history = [
      ...exponentialHistory(18),
      ...plainViolation('plain'),
      put({ key: 'easy', at: [0, 1] }, 'x', 1),
    ];
    const result = checkHistory(history, { now: tickingClock(), budgetMs: 60 });
    expect(result.keys.map((key) => [key.key, key.verdict, key.unknownCause])).toEqual([
      ['hard', 'unknown', 'time'],
      ['plain', 'violation', undefined],
      ['easy', 'ok', undefined],
    ]);
    expect(result.verdict).toBe('violation');
  });

  it('gives two hard keys equal shares, whatever their order', () => {
    const history = [...exponentialHistory(18, 'one'), ...exponentialHistory(18, 'two')];
    const [one, two] = checkHistory(history, { now: tickingClock(), budgetMs: 100 }).keys;
    expect(one?.unknownCause).toBe('time');
    expect(two?.unknownCause).toBe('time');
    expect(Math.abs((one?.elapsedMs ?? 0) - (two?.elapsedMs ?? 0))).toBeLessThanOrEqual(6);
  });

  it('searches a key cut short again with the time later keys left unused', () => {
    const medium = exponentialHistory(12, 'medium');
    // A third of the budget, medium's first share beside c1 and c2 (estimated harder), is too short.
    const alone = checkHistory(medium, { now: tickingClock(), budgetMs: 200 / 3 });
    expect(alone.keys[0]?.unknownCause).toBe('time');
    const history = [...medium, ...hardLookingEasyKey('c1'), ...hardLookingEasyKey('c2')];
    const result = checkHistory(history, { now: tickingClock(), budgetMs: 200 });
    expect(result.keys.map((key) => [key.key, key.verdict])).toEqual([
      ['medium', 'violation'],
      ['c1', 'ok'],
      ['c2', 'ok'],
    ]);
    expect(result.keys[0]?.elapsedMs).toBeGreaterThan(200 / 3);
  });

  it('searches nothing with a budget of zero, and says so', () => {
    // No versions reported, so only a search can decide it.
    const result = checkHistory([put({ at: [0, 1] }, 'a'), get({ at: [2, 3] }, 'a')], {
      now: () => 0,
      budgetMs: 0,
    });
    expect(result.keys[0]).toMatchObject({
      verdict: 'unknown',
      unknownCause: 'budget-spent',
      reason: "not checked: the 0 ms time budget was spent before this key's turn",
    });
  });

  it('applies the default budget when a clock is given, and none without one', () => {
    expect(checkHistory([], { now: () => 0 }).limits).toEqual({
      budgetMs: defaultBudgetMs,
      memoryBytes: defaultMemoryLimitBytes,
    });
    expect(checkHistory([], { now: () => 0, budgetMs: Infinity }).limits?.budgetMs).toBeNull();
    expect(checkHistory([]).limits?.budgetMs).toBeNull();
  });

  it('times every key when a clock is given', () => {
    const history = [...plainViolation('a'), put({ key: 'b', at: [0, 1] }, 'x', 1)];
    const timed = checkHistory(history, { now: tickingClock() }).keys;
    expect(timed.every((key) => typeof key.elapsedMs === 'number' && key.elapsedMs > 0)).toBe(true);
    expect(checkHistory(history).keys.every((key) => key.elapsedMs === undefined)).toBe(true);
  });
});

describe('memory limit', () => {
  it('ends a search that would pass it as unknown, with the reason, and never throws', () => {
    const result = checkHistory(exponentialHistory(16), { memoryLimitBytes: 1024 * 1024 });
    expect(result.keys[0]).toMatchObject({ verdict: 'unknown', unknownCause: 'memory' });
    expect(result.keys[0]?.reason).toMatch(
      /^out of memory: the search's memo reached the 1 MiB limit after \d+ search states$/,
    );
    expect(result.counts.statesVisited).toBeLessThan((1024 * 1024) / 24);
  });

  it('turns the 44-line shape that once crashed the plain search into an honest unknown', () => {
    const history = unansweredPutsHistory({ unanswered: 22, versioned: 21 });
    const result = checkHistory(history, { search: 'plain', memoryLimitBytes: 4 * 1024 * 1024 });
    expect(result.keys[0]).toMatchObject({ verdict: 'unknown', unknownCause: 'memory' });
  });
});

describe('first violation', () => {
  it('stops at a violation a pre-check finds, before any search', () => {
    const history = [...exponentialHistory(30, 'hard'), get({ key: 'bad', at: [0, 1] }, 'never written')];
    const result = checkHistory(history, { firstViolation: true });
    expect(result.keys.map((key) => [key.key, key.verdict, key.unknownCause])).toEqual([
      ['hard', 'unknown', 'first-violation'],
      ['bad', 'violation', undefined],
    ]);
    expect(result.stoppedAtFirstViolation).toBe(true);
    expect(result.keys[0]?.reason).toBe('not checked: the check stopped at the first violation (key "bad")');
  });

  it('stops at a violation the search finds, leaving the keys after it unchecked', () => {
    const history = [...exponentialHistory(30, 'hard'), ...plainViolation('plain')];
    const result = checkHistory(history, { firstViolation: true });
    expect(result.verdict).toBe('violation');
    expect(result.keys.map((key) => key.unknownCause)).toEqual(['first-violation', undefined]);
  });

  it('checks every key without it', () => {
    const history = [...plainViolation('a'), ...plainViolation('b')];
    expect(checkHistory(history).counts.keysViolation).toBe(2);
    expect(checkHistory(history).stoppedAtFirstViolation).toBeUndefined();
  });
});

describe('options', () => {
  it('rejects options that cannot work, naming the option and the limit', () => {
    expect(() => checkHistory([], { budgetMs: 10 })).toThrow(
      'options.now is required when options.budgetMs is set',
    );
    expect(() => checkHistory([], { now: () => 0, budgetMs: -1 })).toThrow(
      'options.budgetMs must be a number ≥ 0, got -1',
    );
    expect(() => checkHistory([], { now: () => 0, budgetMs: Number.NaN })).toThrow(
      'options.budgetMs must be a number ≥ 0',
    );
    expect(() => checkHistory([], { memoryLimitBytes: 1000 })).toThrow(
      'options.memoryLimitBytes must be a number ≥ 65536, got 1000',
    );
    expect(() => checkHistory([], { search: 'slow' as 'fast' })).toThrow(
      "options.search must be 'fast' or 'plain', got slow",
    );
  });
});
