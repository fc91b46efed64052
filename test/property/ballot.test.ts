import fc from 'fast-check';
import './fc-replay';
import { describe, expect, it } from 'vitest';
import { ballotAbove, compareBallots, fastBallot } from '../../app/paxos/ballot';

const ballot = fc.record({ counter: fc.nat(1000), role: fc.integer({ min: 0, max: 3 }) });

describe('ballots', () => {
  it('compareBallots is a total order', () => {
    fc.assert(
      fc.property(ballot, ballot, ballot, (x, y, z) => {
        const xy = compareBallots(x, y);
        // `===`, not toBe: Object.is would tell the -0 of an equal pair from 0.
        expect(compareBallots(y, x) === -xy).toBe(true);
        expect(xy === 0).toBe(x.counter === y.counter && x.role === y.role);
        if (xy <= 0 && compareBallots(y, z) <= 0) expect(compareBallots(x, z)).toBeLessThanOrEqual(0);
      }),
    );
  });

  it('orders by counter first, then role', () => {
    fc.assert(
      fc.property(ballot, ballot, (x, y) => {
        const expected =
          x.counter !== y.counter ? Math.sign(x.counter - y.counter) : Math.sign(x.role - y.role);
        expect(compareBallots(x, y)).toBe(expected);
      }),
    );
  });

  it('ballotAbove is the proposer’s own ballot, above what it saw and outside the fast band', () => {
    fc.assert(
      fc.property(ballot, fc.integer({ min: 1, max: 3 }), (seen, role) => {
        const next = ballotAbove(seen, role);
        expect(next.role).toBe(role);
        expect(next.counter).toBeGreaterThanOrEqual(1);
        expect(compareBallots(next, seen)).toBe(1);
        expect(compareBallots(next, fastBallot(3))).toBe(1);
        // The lowest such ballot: one counter less would not be above `seen` (or would be in the fast band).
        const lower = { counter: next.counter - 1, role };
        expect(lower.counter === 0 || compareBallots(lower, seen) <= 0).toBe(true);
      }),
    );
  });
});
