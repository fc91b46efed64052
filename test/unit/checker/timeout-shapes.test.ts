/**
 * The shapes of issue 12: n unanswered puts, m puts that report their versions, one read that needs
 * one of the unanswered values at the last version. The plain search needed 2^n nodes (the 44-line
 * one grew to 1.4 GB and crashed); each check here must end, decided, within a time budget, and
 * visit a number of states that grows with n, not 2^n.
 */
import { describe, expect, it } from 'vitest';
import { checkHistory } from '../../../app/checker/linearizability';
import { compileKeyOperations } from '../../../app/checker/key-operations';
import { searchKey } from '../../../app/checker/key-search';
import { unansweredPutsHistory, type UnansweredPutsShape } from '../../../app/checker/timeout-shapes';

/** Decided within this, or the verdict would read unknown and the test fail. */
const budgetMs = 5000;

function check(shape: UnansweredPutsShape) {
  const history = unansweredPutsHistory(shape);
  const result = checkHistory(history, { now: () => performance.now(), budgetMs });
  return { history, result, key: result.keys[0] };
}

describe('unanswered puts beside versioned ones', () => {
  it('decides the 44-line history of the issue, and its violating twin, in a few dozen states', () => {
    const { history, result } = check({ unanswered: 22, versioned: 21 });
    expect(history).toHaveLength(44);
    expect(result.verdict).toBe('ok');
    expect(result.counts.statesVisited).toBeLessThan(200);
    const twin = check({ unanswered: 22, versioned: 21, violating: true });
    expect(twin.history).toHaveLength(45);
    expect(twin.result.verdict).toBe('violation');
    expect(twin.key?.precheck).toEqual({ rule: 'too-few-writes', operationIds: ['k-read-more'] });
  });

  it('decides the violating twin by the search alone too, without pre-checks', () => {
    const keyOperations = compileKeyOperations(
      'k',
      unansweredPutsHistory({ unanswered: 22, versioned: 21, violating: true }),
    );
    const outcome = searchKey(keyOperations, { deadline: null, memoryBytes: 16 * 1024 * 1024, mode: 'fast' });
    expect(outcome.verdict).toBe('violation');
    expect(outcome.statesVisited).toBeLessThan(2000);
  });

  it('stays linear in the number of unanswered puts, whichever one the read sees', () => {
    for (const unanswered of [10, 50, 300]) {
      for (const readsUnanswered of [0, Math.floor(unanswered / 2), unanswered - 1]) {
        const { result } = check({ unanswered, versioned: unanswered - 1, readsUnanswered });
        expect(result.verdict).toBe('ok');
        expect(result.counts.statesVisited).toBeLessThan(10 * unanswered);
      }
      expect(check({ unanswered, versioned: unanswered - 1, violating: true }).result.verdict).toBe(
        'violation',
      );
    }
  });

  it('fills the gaps between versioned puts with the unanswered ones', () => {
    for (const unanswered of [22, 100]) {
      const { result } = check({
        unanswered,
        versioned: unanswered - 1,
        interleaved: true,
        readsUnanswered: 3,
      });
      expect(result.verdict).toBe('ok');
      expect(result.counts.statesVisited).toBeLessThan(10 * unanswered);
      const twin = check({ unanswered, versioned: unanswered - 1, interleaved: true, violating: true });
      expect(twin.result.verdict).toBe('violation');
    }
  });

  it('refuses shapes it cannot build, naming the field and the limit', () => {
    expect(() => unansweredPutsHistory({ unanswered: 0, versioned: 1 })).toThrow(
      'unanswered must be an integer ≥ 1, got 0',
    );
    expect(() => unansweredPutsHistory({ unanswered: 3, versioned: 1, readsUnanswered: 3 })).toThrow(
      'readsUnanswered must be an integer from 0 to 2, got 3',
    );
    expect(() => unansweredPutsHistory({ unanswered: 3, versioned: 3, interleaved: true })).toThrow(
      'interleaved needs more unanswered puts than versioned ones, got 3 and 3',
    );
  });
});
