/**
 * What a caller may ask of checkHistory, the limits that apply when it asks nothing, and the checks
 * that turn a bad option into an error naming it. Time and memory are bounded by default, so no
 * history can make the checker hang or crash: it answers 'unknown' with the reason instead.
 */
import type { SearchMode } from './key-search';

export interface CheckOptions {
  /** The caller's clock in milliseconds (injected: the checker reads no clock itself); for budgetMs and elapsed times. */
  now?: () => number;
  /**
   * The time all keys share; undecided keys are reported 'unknown'. Needs now. Default, when now is
   * given: defaultBudgetMs. Infinity: no time limit. Without now there is no time limit (memory still is).
   */
  budgetMs?: number;
  /** The most one key's search may hold in its memo, in bytes (keys are searched one at a time). Default: defaultMemoryLimitBytes. */
  memoryLimitBytes?: number;
  /** Stop at the first key found in violation; keys not yet checked are reported 'unknown'. */
  firstViolation?: boolean;
  /**
   * 'plain' is the checker before pre-checks, twin timed-out writes and fair shares (keys in history
   * order, each free to use all the time left), under the same limits: the reference the tests and
   * the benchmark compare with. Default 'fast'.
   */
  search?: SearchMode;
}

/** One minute: a class or a CI job gets an answer, 'unknown' at worst, in bounded time. */
export const defaultBudgetMs = 60_000;
/** 256 MiB of memo: about five million search states of a short history, far beyond what any history decided quickly needs. */
export const defaultMemoryLimitBytes = 256 * 1024 * 1024;
/** Below this no search can even start (the memo's first arrays take about 10 KiB). */
export const memoryLimitBytesMin = 64 * 1024;

export interface CheckSettings {
  now: (() => number) | null;
  /** Null: no time limit. */
  budgetMs: number | null;
  memoryBytes: number;
  firstViolation: boolean;
  mode: SearchMode;
}

/** Validates the options and fills in the defaults; throws TypeError or RangeError naming the option. */
export function checkSettings(options: CheckOptions): CheckSettings {
  const { now, budgetMs, memoryLimitBytes, firstViolation, search } = options;
  if (now !== undefined && typeof now !== 'function') {
    throw new TypeError(
      `checkHistory: options.now must be a function returning milliseconds, got ${typeof now}`,
    );
  }
  if (budgetMs !== undefined) {
    if (typeof budgetMs !== 'number' || !(budgetMs >= 0)) {
      throw new RangeError(`checkHistory: options.budgetMs must be a number ≥ 0, got ${String(budgetMs)}`);
    }
    if (now === undefined) {
      throw new TypeError('checkHistory: options.now is required when options.budgetMs is set');
    }
  }
  if (
    memoryLimitBytes !== undefined &&
    (typeof memoryLimitBytes !== 'number' || !(memoryLimitBytes >= memoryLimitBytesMin))
  ) {
    throw new RangeError(
      `checkHistory: options.memoryLimitBytes must be a number ≥ ${memoryLimitBytesMin}, got ${String(memoryLimitBytes)}`,
    );
  }
  if (search !== undefined && search !== 'fast' && search !== 'plain') {
    throw new RangeError(`checkHistory: options.search must be 'fast' or 'plain', got ${String(search)}`);
  }
  const budget = budgetMs ?? defaultBudgetMs;
  return {
    now: now ?? null,
    budgetMs: now === undefined || budget === Infinity ? null : budget,
    memoryBytes: memoryLimitBytes ?? defaultMemoryLimitBytes,
    firstViolation: firstViolation === true,
    mode: search ?? 'fast',
  };
}
