/**
 * Majority quorums for any number of voters. The proposer counts its own vote as one grant, so with
 * three replicas one peer's grant wins and two peers' refusals lose.
 */
export type QuorumOutcome = 'pending' | 'won' | 'lost';

/** The size of a majority of `voterCount` voters. */
export function majorityOf(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * 'won' once the grants reach a majority, 'lost' once the refusals leave too few voters to reach one,
 * else 'pending'.
 */
export function quorumOutcome(voterCount: number, granted: number, refused: number): QuorumOutcome {
  const majority = majorityOf(voterCount);
  if (granted >= majority) return 'won';
  if (voterCount - refused < majority) return 'lost';
  return 'pending';
}
