/** What checkHistory reports: plain data, safe to post from a worker and to print as JSON. */

/** ok: linearizable; violation: certainly not; unknown: a limit (time, memory) or a stop came first. */
export type Verdict = 'ok' | 'violation' | 'unknown';

/**
 * Why a key is unknown. time: its share of the time budget ran out during its search; memory: its
 * search's memo reached the memory limit; budget-spent: no time was left when its turn came;
 * first-violation: the run stopped at another key's violation, as asked.
 */
export type UnknownCause = 'time' | 'memory' | 'budget-spent' | 'first-violation';

/** The rule a pre-check found broken; docs/history-format.md lists what each means. */
export type PrecheckRule =
  | 'cas-version'
  | 'never-written'
  | 'written-later'
  | 'two-writers'
  | 'two-values'
  | 'stale-version'
  | 'too-few-writes';

/** A violation proven before any search, by operations that contradict each other. */
export interface PrecheckFinding {
  rule: PrecheckRule;
  /** The operation that cannot be placed first, then the others the rule names. */
  operationIds: string[];
}

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
  /** The most memory the search's memo held, in bytes: what the memory limit bounds. */
  memoBytes: number;
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
  /** Present for unknown (why the key was not decided) and for a violation a pre-check found (what it proved). */
  reason?: string;
  /** Present for unknown. */
  unknownCause?: UnknownCause;
  /** Present for a violation found by a pre-check; linearizedPrefix is then empty (no search ran). */
  precheck?: PrecheckFinding;
  /**
   * What decided the key: a pre-check (violation), the reported versions alone (ok: they pinned down
   * a linearization, replayed to be sure) or the search. Absent for a key never searched.
   */
  decidedBy?: 'precheck' | 'versions' | 'search';
  /** Time spent on this key (pre-checks and search), measured with options.now; absent without a clock. */
  elapsedMs?: number;
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
  /** The limits the check ran under (budgetMs null: no clock, so no time limit). */
  limits?: CheckLimits;
  /** True when the check stopped at the first violation (options.firstViolation) with keys left unchecked. */
  stoppedAtFirstViolation?: boolean;
}

export interface CheckLimits {
  budgetMs: number | null;
  memoryBytes: number;
}
