/**
 * checkHistory: is a key-value client history linearizable? Keys are independent registers, so each
 * key is checked on its own (P-compositionality: a history is linearizable iff every key's
 * sub-history is), which keeps every search small. Every key first gets the cheap pre-checks
 * (prechecks.ts) and, when its operations report their versions, a linearization read off them
 * (version-order.ts); the rest are searched cheapest first, each within its fair share of the time
 * budget (fair-budget.ts) and within the memory limit, so an undecided key ends as an honest
 * 'unknown' with its reason, never as a hang or a crash.
 */
import type { CheckCounts, CheckResult, KeyCheckResult, Verdict } from './check-result';
import { checkSettings, type CheckOptions, type CheckSettings } from './check-options';
import { FairBudget, estimatedCost } from './fair-budget';
import type { HistoryOperation } from './history';
import { validateHistory } from './history-validation';
import { compileKeyOperations, type KeyOperations } from './key-operations';
import { searchKey } from './key-search';
import {
  formatMs,
  orderedKeyResult,
  precheckedKeyResult,
  searchedKeyResult,
  uncheckedKeyResult,
} from './key-verdicts';
import { precheckKey } from './prechecks';
import { VersionFacts } from './version-facts';
import { linearizeByVersions } from './version-order';

export type { CheckOptions } from './check-options';
export { defaultBudgetMs, defaultMemoryLimitBytes } from './check-options';

/** One key on its way through the check. */
interface KeyPlan {
  keyOperations: KeyOperations;
  operationCount: number;
  cost: number;
  result: KeyCheckResult | null;
  /** Time spent on the key so far, over its pre-checks and every search pass. */
  spentMs: number;
}

/** Validates the operations (HistoryFormatError on bad input) and checks every key. */
export function checkHistory(
  operations: readonly HistoryOperation[],
  options: CheckOptions = {},
): CheckResult {
  const settings = checkSettings(options);
  const clock = settings.now;
  const startMs = clock?.();
  const budget = new FairBudget(clock, settings.budgetMs);
  const plans = [...groupByKey(validateHistory(operations))].map(([key, history]): KeyPlan => {
    const keyOperations = compileKeyOperations(key, history);
    return { keyOperations, operationCount: history.length, cost: 0, result: null, spentMs: 0 };
  });
  let stoppedBy = settings.mode === 'fast' ? decideWithoutSearch(plans, settings) : null;
  const toSearch = plans.filter((plan) => plan.result === null);
  stoppedBy ??= searchFairly(toSearch, budget, settings);
  for (const plan of plans) plan.result ??= stoppedResult(plan, stoppedBy ?? '');
  const keys = plans.map((plan) => withTime(plan, clock !== null));
  const result: CheckResult = {
    verdict: overallVerdict(keys),
    keys,
    counts: totals(operations.length, keys),
    limits: { budgetMs: settings.budgetMs, memoryBytes: settings.memoryBytes },
  };
  if (keys.some((key) => key.unknownCause === 'first-violation')) result.stoppedAtFirstViolation = true;
  if (clock !== null && startMs !== undefined) result.elapsedMs = clock() - startMs;
  return result;
}

/**
 * Decides what needs no search: a pre-check proves a violation, or the reported versions alone give
 * a linearization. With firstViolation, returns the key of the first violation found (else null).
 */
function decideWithoutSearch(plans: KeyPlan[], settings: CheckSettings): string | null {
  for (const plan of plans) {
    const { keyOperations, operationCount } = plan;
    plan.result = timed(plan, settings, () => {
      const facts = new VersionFacts(keyOperations);
      const found = precheckKey(keyOperations, facts);
      if (found !== null) return precheckedKeyResult(keyOperations, operationCount, found);
      const ordered = linearizeByVersions(keyOperations, facts);
      return ordered === null ? null : orderedKeyResult(keyOperations, operationCount, ordered);
    });
    if (plan.result?.verdict === 'violation' && settings.firstViolation) return keyOperations.key;
  }
  return null;
}

/**
 * Searches the keys cheapest first, each with an equal share of the time left. A key that ran out
 * of its share while time was left for later keys is searched again at the end, with a share of what
 * they did not use. The plain mode keeps the previous order instead: keys as they come, each free to
 * use all the time left. Returns the key of the violation that stopped the run (firstViolation), or null.
 */
function searchFairly(plans: KeyPlan[], budget: FairBudget, settings: CheckSettings): string | null {
  if (settings.mode === 'plain') return searchPass(plans, budget, settings, null);
  for (const plan of plans) plan.cost = estimatedCost(plan.keyOperations);
  const order = [...plans].sort((a, b) => a.cost - b.cost);
  const retry: KeyPlan[] = [];
  return searchPass(order, budget, settings, retry) ?? searchPass(retry, budget, settings, null);
}

/** One pass over the keys; keys cut short by their share go to `retry` when it is given. */
function searchPass(
  keys: readonly KeyPlan[],
  budget: FairBudget,
  settings: CheckSettings,
  retry: KeyPlan[] | null,
): string | null {
  const fair = settings.mode === 'fast';
  for (const [index, plan] of keys.entries()) {
    if (budget.spent()) {
      plan.result ??= notReachedResult(plan, settings);
      continue;
    }
    const deadline = budget.shareFor(fair ? keys.length - index : 1);
    const shareMs = deadline === null ? null : deadline.atMs - deadline.now();
    const outcome = timed(plan, settings, () =>
      searchKey(plan.keyOperations, { deadline, memoryBytes: settings.memoryBytes, mode: settings.mode }),
    );
    plan.result = searchedKeyResult(plan.keyOperations, plan.operationCount, outcome, {
      shareMs,
      budgetMs: settings.budgetMs,
      memoryBytes: settings.memoryBytes,
    });
    if (outcome.verdict === 'violation' && settings.firstViolation) return plan.keyOperations.key;
    const sharedShort = deadline !== null && deadline.atMs < budget.endMs;
    if (retry !== null && outcome.stopReason === 'time' && sharedShort) retry.push(plan);
  }
  return null;
}

function notReachedResult(plan: KeyPlan, settings: CheckSettings): KeyCheckResult {
  const budget = formatMs(settings.budgetMs ?? 0);
  return uncheckedKeyResult(
    plan.keyOperations,
    plan.operationCount,
    'budget-spent',
    `not checked: the ${budget} time budget was spent before this key's turn`,
  );
}

/** A key left unchecked because the run stopped at another key's violation. */
function stoppedResult(plan: KeyPlan, violatedKey: string): KeyCheckResult {
  return uncheckedKeyResult(
    plan.keyOperations,
    plan.operationCount,
    'first-violation',
    `not checked: the check stopped at the first violation (key ${JSON.stringify(violatedKey)})`,
  );
}

/** Runs one step for a key, adding the time it took to the key's account. */
function timed<T>(plan: KeyPlan, settings: CheckSettings, step: () => T): T {
  const clock = settings.now;
  if (clock === null) return step();
  const startMs = clock();
  try {
    return step();
  } finally {
    plan.spentMs += clock() - startMs;
  }
}

function withTime(plan: KeyPlan, clocked: boolean): KeyCheckResult {
  const result = plan.result as KeyCheckResult;
  return clocked ? { ...result, elapsedMs: plan.spentMs } : result;
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
