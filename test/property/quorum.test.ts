/** The quorum code against a dumb twin that tries every way the missing votes could still go. */
import fc from 'fast-check';
import './fc-replay';
import { describe, expect, it } from 'vitest';
import { majorityOf, quorumOutcome, type QuorumOutcome } from '../../app/paxos/quorum';

function dumbOutcome(voters: number, granted: number, refused: number): QuorumOutcome {
  const missing = voters - granted - refused;
  const finals: boolean[] = [];
  for (let more = 0; more <= missing; more++) finals.push((granted + more) * 2 > voters);
  if (finals.every(Boolean)) return 'won';
  if (finals.every((won) => !won)) return 'lost';
  return 'pending';
}

describe('quorum', () => {
  it('agrees with the dumb twin for any replica count and tally', () => {
    const tally = fc
      .integer({ min: 1, max: 9 })
      .chain((voters) =>
        fc
          .nat(voters)
          .chain((granted) => fc.tuple(fc.constant(voters), fc.constant(granted), fc.nat(voters - granted))),
      );
    fc.assert(
      fc.property(tally, ([voters, granted, refused]) => {
        expect(quorumOutcome(voters, granted, refused)).toBe(dumbOutcome(voters, granted, refused));
      }),
    );
  });

  it('with three replicas the own vote and one grant win, two refusals lose', () => {
    expect(majorityOf(3)).toBe(2);
    expect(quorumOutcome(3, 1 + 1, 0)).toBe('won');
    expect(quorumOutcome(3, 1, 1)).toBe('pending');
    expect(quorumOutcome(3, 1, 2)).toBe('lost');
  });
});
