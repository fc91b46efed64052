/**
 * checkHistory: is a key-value client history linearizable? Keys are independent registers, so each
 * key is checked on its own (P-compositionality: a history is linearizable iff every key's
 * sub-history is), which keeps every search small. A time budget turns an undecided search into an
 * honest 'unknown' instead of a hang.
 */
import type {
  CheckCounts,
  CheckResult,
  KeyCheckCounts,
  KeyCheckResult,
  KeyState,
  Verdict,
} from './check-result';
import type { HistoryOperation } from './history';
import { validateHistory } from './history-validation';
import { StepKind, compileKeyOperations, type KeyOperations } from './key-operations';
import type { ModelState } from './kv-model';
import { searchKey, type Deadline, type KeySearchOutcome } from './key-search';

export interface CheckOptions {
  /** The caller's clock in milliseconds (injected: the checker reads no clock itself); for budgetMs and elapsedMs. */
  now?: () => number;
  /** Give up after this long and report the undecided keys as 'unknown'. Requires now. */
  budgetMs?: number;
}

export const budgetExhaustedReason = 'time budget exhausted during the search';
export const notCheckedReason = 'not checked: the time budget ran out before this key';

/** Validates the operations (HistoryFormatError on bad input) and checks every key. */
export function checkHistory(
  operations: readonly HistoryOperation[],
  options: CheckOptions = {},
): CheckResult {
  const deadline = deadlineOf(options);
  const startMs = options.now?.();
  const byKey = groupByKey(validateHistory(operations));
  const keys: KeyCheckResult[] = [];
  let outOfTime = false;
  for (const [key, keyHistory] of byKey) {
    outOfTime ||= deadline !== null && deadline.now() >= deadline.atMs;
    const keyOperations = compileKeyOperations(key, keyHistory);
    keys.push(
      outOfTime
        ? uncheckedKey(keyOperations, keyHistory.length)
        : checkKey(keyOperations, keyHistory.length, deadline),
    );
  }
  const result: CheckResult = {
    verdict: overallVerdict(keys),
    keys,
    counts: totals(operations.length, keys),
  };
  if (options.now !== undefined && startMs !== undefined) result.elapsedMs = options.now() - startMs;
  return result;
}

function deadlineOf(options: CheckOptions): Deadline | null {
  const { now, budgetMs } = options;
  if (now !== undefined && typeof now !== 'function') {
    throw new TypeError(
      `checkHistory: options.now must be a function returning milliseconds, got ${typeof now}`,
    );
  }
  if (budgetMs === undefined) return null;
  if (typeof budgetMs !== 'number' || !(budgetMs >= 0)) {
    throw new RangeError(`checkHistory: options.budgetMs must be a number ≥ 0, got ${String(budgetMs)}`);
  }
  if (now === undefined)
    throw new TypeError('checkHistory: options.now is required when options.budgetMs is set');
  return { now, atMs: now() + budgetMs };
}

function groupByKey(operations: readonly HistoryOperation[]): Map<string, HistoryOperation[]> {
  const byKey = new Map<string, HistoryOperation[]>();
  for (const operation of operations) {
    const keyHistory = byKey.get(operation.key);
    if (keyHistory === undefined) byKey.set(operation.key, [operation]);
    else keyHistory.push(operation);
  }
  return byKey;
}

function checkKey(
  keyOperations: KeyOperations,
  operationCount: number,
  deadline: Deadline | null,
): KeyCheckResult {
  const outcome = searchKey(keyOperations, deadline);
  const ids = (indexes: readonly number[]): string[] =>
    indexes.map((index) => keyOperations.operations[index]?.id ?? '');
  const stuck = outcome.verdict === 'ok' ? null : outcome.stuck;
  const explained = stuck ?? { prefix: outcome.path, state: outcome.state };
  const result: KeyCheckResult = {
    key: keyOperations.key,
    verdict: outcome.verdict,
    linearizedPrefix: ids(explained.prefix),
    stateAfterPrefix: keyState(keyOperations, explained.state),
    counts: keyCounts(keyOperations, operationCount, outcome),
  };
  if (stuck !== null) {
    result.unplaced = {
      blockedOperationId: ids([stuck.blocked])[0] ?? '',
      concurrentOperationIds: ids(overlapping(keyOperations, stuck.blocked)),
    };
  }
  if (outcome.verdict === 'unknown') result.reason = budgetExhaustedReason;
  return result;
}

/** The operations whose call-to-return interval overlaps the given one's (ties count as overlap). */
function overlapping(keyOperations: KeyOperations, index: number): number[] {
  const { callMs, returnMs } = keyOperations;
  const callAt = callMs[index] ?? 0;
  const returnAt = returnMs[index] ?? Infinity;
  const found: number[] = [];
  for (let other = 0; other < callMs.length; other++) {
    if (other !== index && (callMs[other] ?? 0) <= returnAt && callAt <= (returnMs[other] ?? Infinity))
      found.push(other);
  }
  return found;
}

function uncheckedKey(keyOperations: KeyOperations, operationCount: number): KeyCheckResult {
  return {
    key: keyOperations.key,
    verdict: 'unknown',
    linearizedPrefix: [],
    stateAfterPrefix: { value: null, version: 0 },
    reason: notCheckedReason,
    counts: keyCounts(keyOperations, operationCount, { statesVisited: 0, backtracks: 0 }),
  };
}

function keyState(keyOperations: KeyOperations, state: ModelState): KeyState {
  return { value: keyOperations.values[state.valueId] ?? null, version: state.version };
}

function keyCounts(
  keyOperations: KeyOperations,
  operationCount: number,
  search: Pick<KeySearchOutcome, 'statesVisited' | 'backtracks'>,
): KeyCheckCounts {
  return {
    operations: operationCount,
    searched: keyOperations.operations.length,
    skipped: keyOperations.skipped,
    unknownOutcome: keyOperations.stepKind.filter((kind) => kind === StepKind.maybeWrite).length,
    statesVisited: search.statesVisited,
    backtracks: search.backtracks,
  };
}

function overallVerdict(keys: readonly KeyCheckResult[]): Verdict {
  if (keys.some((key) => key.verdict === 'violation')) return 'violation';
  return keys.some((key) => key.verdict === 'unknown') ? 'unknown' : 'ok';
}

function totals(operationCount: number, keys: readonly KeyCheckResult[]): CheckCounts {
  const count = (verdict: Verdict): number => keys.filter((key) => key.verdict === verdict).length;
  return {
    operations: operationCount,
    keys: keys.length,
    keysOk: count('ok'),
    keysViolation: count('violation'),
    keysUnknown: count('unknown'),
    statesVisited: keys.reduce((sum, key) => sum + key.counts.statesVisited, 0),
  };
}
