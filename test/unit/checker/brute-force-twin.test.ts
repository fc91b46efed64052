/**
 * The search against its dumb twin on small random histories. The twin tries every order, so any
 * shortcut (pre-checks, forced reads, version pruning, twin timed-out writes, memoisation, unknown
 * outcomes at infinity) that changed a verdict shows up here, in the fast mode and the plain one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import type { SearchMode } from '../../../app/checker/key-search';
import { bruteForceLinearizable, replayLinearization } from './brute-force-checker';
import { randomHistory } from './random-histories';

/** Checks that mode agrees with the twin on every history; returns how many were linearizable. */
function agreesWithTwin(
  histories: fc.Arbitrary<HistoryOperation[]>,
  mode: SearchMode,
  numRuns: number,
): number {
  let linearizable = 0;
  fc.assert(
    fc.property(histories, (history) => {
      const result = checkHistory(history, { search: mode });
      const expected = bruteForceLinearizable(history);
      expect(result.verdict).toBe(expected ? 'ok' : 'violation');
      if (expected) linearizable++;
      for (const key of result.keys) {
        expect(replayLinearization(history, key.key, key.linearizedPrefix, key.verdict !== 'ok')).toBeNull();
      }
    }),
    { numRuns },
  );
  return linearizable;
}

describe('search against the brute-force twin', () => {
  it('agrees on every small random history, and its orders replay', () => {
    const linearizable = agreesWithTwin(randomHistory({ maxLength: 7 }), 'fast', 2000);
    // The generator must produce both kinds (about a quarter are linearizable), or agreement proves little.
    expect(linearizable).toBeGreaterThan(200);
    expect(linearizable).toBeLessThan(1800);
  });

  it('agrees on histories full of timed-out writes, where twins and gaps matter', () => {
    const histories = randomHistory({ maxLength: 8, unknownWeight: 4, keys: 1 });
    const linearizable = agreesWithTwin(histories, 'fast', 1500);
    expect(linearizable).toBeGreaterThan(150);
    expect(linearizable).toBeLessThan(1350);
  });

  it('agrees in the plain mode too, the reference the benchmark measures against', () => {
    agreesWithTwin(randomHistory({ maxLength: 7, unknownWeight: 2 }), 'plain', 800);
  });
});
