/**
 * Ballots are (counter, role) pairs ordered lexicographically. The role makes every proposer's ballots
 * distinct; counter 0 is the fast band that only the owner of the previous chosen value may use.
 */
import type { Ballot } from './types';

/** What an instance has promised before anyone asked: below every real ballot. */
export const NO_BALLOT: Ballot = { counter: 0, role: 0 };

/**
 * The promise of an instance a node relearned as chosen after its shrink had dropped it: above every
 * ballot, since the node will never vote at that index again.
 */
export const SEALED: Ballot = { counter: Number.MAX_SAFE_INTEGER, role: 3 };

/** Negative, zero or positive as a orders before, equal to or after b. */
export function compareBallots(a: Ballot, b: Ballot): number {
  return Math.sign(a.counter - b.counter || a.role - b.role);
}

export function ballotsEqual(a: Ballot | null, b: Ballot | null): boolean {
  if (a === null || b === null) return a === b;
  return a.counter === b.counter && a.role === b.role;
}

/** The higher of two ballots; null counts as below everything. */
export function maxBallot(a: Ballot, b: Ballot | null): Ballot {
  return b !== null && compareBallots(b, a) > 0 ? b : a;
}

/** The fast-band ballot of a role: the lowest ballot any proposer can use at an index. */
export function fastBallot(role: number): Ballot {
  return { counter: 0, role };
}

/** The lowest ballot of `role` that is above `seen` and outside the fast band. */
export function ballotAbove(seen: Ballot, role: number): Ballot {
  const counter = role > seen.role ? seen.counter : seen.counter + 1;
  return { counter: Math.max(1, counter), role };
}

/**
 * A ballot as people read it everywhere (traces, captions, the console, checkers): `b(counter,role)`,
 * and `b(sealed)` for SEALED. `mark` names what the ballot is where one line shows several, as a
 * record's promise `p(1,2)` and accept `a(1,2)`.
 */
export function formatBallot(ballot: Ballot, mark: 'b' | 'p' | 'a' = 'b'): string {
  if (ballot.counter === SEALED.counter) return `${mark}(sealed)`;
  return `${mark}(${ballot.counter},${ballot.role})`;
}
