/** What checkHistory reports: plain data, safe to post from a worker and to print as JSON. */

/** ok: linearizable; violation: certainly not; unknown: the time budget ran out first. */
export type Verdict = 'ok' | 'violation' | 'unknown';

/** A key's model state, as the console shows it. */
export interface KeyState {
  value: Uint8Array | null;
  version: number;
}

/** Why a search could not go on: after the prefix, this operation had to take effect and could not. */
export interface UnplacedOperations {
  /** The operation whose return was reached while it was still not linearized. */
  blockedOperationId: string;
  /** The other operations still pending at that point; none of them could be placed either. */
  concurrentOperationIds: string[];
}

export interface KeyCheckCounts {
  /** Operations on this key in the history. */
  operations: number;
  /** Operations that took part in the search. */
  searched: number;
  /** Operations left out: failed writes without a reported version, unanswered reads. */
  skipped: number;
  /** Writes with an unknown outcome among the searched ones. */
  unknownOutcome: number;
  /** Distinct (linearized set, state) nodes the search visited. */
  statesVisited: number;
  /** Times the search undid a step. */
  backtracks: number;
}

export interface KeyCheckResult {
  key: string;
  verdict: Verdict;
  /**
   * Operation ids in linearization order. For ok, a whole linearization of the definite operations
   * (unknown-outcome writes not listed count as never applied); otherwise the longest linearizable
   * prefix the search found.
   */
  linearizedPrefix: string[];
  /** The key's state after linearizedPrefix. */
  stateAfterPrefix: KeyState;
  /** Present for violation, and for unknown when the search was stuck somewhere before time ran out. */
  unplaced?: UnplacedOperations;
  /** Present for unknown: why the key was not decided. */
  reason?: string;
  counts: KeyCheckCounts;
}

export interface CheckCounts {
  operations: number;
  keys: number;
  keysOk: number;
  keysViolation: number;
  keysUnknown: number;
  statesVisited: number;
}

export interface CheckResult {
  /** violation if any key is violated; otherwise unknown if any key is undecided; otherwise ok. */
  verdict: Verdict;
  /** One result per key, in order of the key's first operation in the history. */
  keys: KeyCheckResult[];
  counts: CheckCounts;
  /** Time spent, measured with options.now; absent when no clock was given. */
  elapsedMs?: number;
}
