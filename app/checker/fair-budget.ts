/**
 * One time budget shared by the keys of a history. Each key gets an equal share of what is left when
 * its turn comes, so a key that never ends cannot starve the keys after it; time a cheap key does
 * not use flows to the keys after it. Keys go cheapest first (by estimatedCost), so the hard ones,
 * last, inherit everything the easy ones left.
 */
import type { Deadline } from './key-search';
import { StepKind, type KeyOperations } from './key-operations';
import { previousTwins, twinClassCount } from './twin-writes';

export class FairBudget {
  /** Infinity without a clock or a budget. */
  readonly endMs: number;

  constructor(
    private readonly now: (() => number) | null,
    budgetMs: number | null,
  ) {
    this.endMs = now !== null && budgetMs !== null ? now() + budgetMs : Infinity;
  }

  /** Whether nothing is left to share. */
  spent(): boolean {
    return this.now !== null && this.now() >= this.endMs;
  }

  /** The deadline for the next key when `keysLeft` keys (it included) still share what remains. */
  shareFor(keysLeft: number): Deadline | null {
    if (this.now === null || this.endMs === Infinity) return null;
    const nowMs = this.now();
    return { now: this.now, atMs: nowMs + (this.endMs - nowMs) / Math.max(1, keysLeft) };
  }
}

/**
 * How hard a key looks before its search: operations searched, doubled for each class of timed-out
 * writes the search will have to place or leave out (the search's worst case is exponential in those).
 * Only the order matters; past 60 classes every key counts as equally hard.
 */
export function estimatedCost(keyOperations: KeyOperations): number {
  const searched = keyOperations.stepKind.length;
  const unanswered = keyOperations.stepKind.filter((kind) => kind === StepKind.maybeWrite).length;
  const classes = unanswered === 0 ? 0 : twinClassCount(previousTwins(keyOperations), keyOperations);
  return searched * 2 ** Math.min(classes, 60);
}
