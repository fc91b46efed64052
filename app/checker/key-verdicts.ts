/**
 * One key's KeyCheckResult, from whichever step decided it: the search, a pre-check, the reported
 * versions alone, or nothing (the key was never searched). Every unknown carries its cause and a reason a person can act on.
 */
import type { KeyCheckCounts, KeyCheckResult, KeyState, UnknownCause } from './check-result';
import { StepKind, type KeyOperations } from './key-operations';
import type { KeySearchOutcome } from './key-search';
import type { ModelState } from './kv-model';
import type { PrecheckViolation } from './prechecks';
import type { VersionOrder } from './version-order';

/** The numbers a reason quotes: the share of time the search had and the memory limit it ran under. */
export interface SearchContext {
  /** Milliseconds the search was given; null without a time limit. */
  shareMs: number | null;
  budgetMs: number | null;
  memoryBytes: number;
}

const notSearched = { statesVisited: 0, backtracks: 0, memoBytes: 0 };

export function searchedKeyResult(
  keyOperations: KeyOperations,
  operationCount: number,
  outcome: KeySearchOutcome,
  context: SearchContext,
): KeyCheckResult {
  const ids = idsOf(keyOperations);
  const stuck = outcome.verdict === 'ok' ? null : outcome.stuck;
  const explained = stuck ?? { prefix: outcome.path, state: outcome.state };
  const result: KeyCheckResult = {
    key: keyOperations.key,
    verdict: outcome.verdict,
    linearizedPrefix: ids(explained.prefix),
    stateAfterPrefix: keyState(keyOperations, explained.state),
    decidedBy: 'search',
    counts: keyCounts(keyOperations, operationCount, outcome),
  };
  if (stuck !== null) {
    result.unplaced = {
      blockedOperationId: ids([stuck.blocked])[0] ?? '',
      concurrentOperationIds: ids(overlapping(keyOperations, stuck.blocked)),
    };
  }
  if (outcome.verdict === 'unknown') {
    const cause = outcome.stopReason ?? 'time';
    result.unknownCause = cause;
    result.reason = cause === 'memory' ? memoryReason(outcome, context) : timeReason(context);
  }
  return result;
}

export function precheckedKeyResult(
  keyOperations: KeyOperations,
  operationCount: number,
  found: PrecheckViolation,
): KeyCheckResult {
  const ids = idsOf(keyOperations);
  const blocked = found.operations[0] ?? 0;
  return {
    key: keyOperations.key,
    verdict: 'violation',
    linearizedPrefix: [],
    stateAfterPrefix: { value: null, version: 0 },
    unplaced: {
      blockedOperationId: ids([blocked])[0] ?? '',
      concurrentOperationIds: ids(overlapping(keyOperations, blocked)),
    },
    reason: found.message,
    precheck: { rule: found.rule, operationIds: ids(found.operations) },
    decidedBy: 'precheck',
    counts: keyCounts(keyOperations, operationCount, notSearched),
  };
}

/** A key whose reported versions alone gave a linearization (version-order.ts). */
export function orderedKeyResult(
  keyOperations: KeyOperations,
  operationCount: number,
  { order, state }: VersionOrder,
): KeyCheckResult {
  return {
    key: keyOperations.key,
    verdict: 'ok',
    linearizedPrefix: idsOf(keyOperations)(order),
    stateAfterPrefix: keyState(keyOperations, state),
    decidedBy: 'versions',
    counts: keyCounts(keyOperations, operationCount, notSearched),
  };
}

/** A key that was never searched: the budget was spent, or the run stopped at a violation. */
export function uncheckedKeyResult(
  keyOperations: KeyOperations,
  operationCount: number,
  cause: Extract<UnknownCause, 'budget-spent' | 'first-violation'>,
  reason: string,
): KeyCheckResult {
  return {
    key: keyOperations.key,
    verdict: 'unknown',
    linearizedPrefix: [],
    stateAfterPrefix: { value: null, version: 0 },
    unknownCause: cause,
    reason,
    counts: keyCounts(keyOperations, operationCount, notSearched),
  };
}

function timeReason({ shareMs, budgetMs }: SearchContext): string {
  const share = shareMs === null ? '' : ` (${formatMs(shareMs)} of the ${formatMs(budgetMs ?? 0)} budget)`;
  return `out of time: the search used up this key's share of the time budget${share}`;
}

function memoryReason(outcome: KeySearchOutcome, { memoryBytes }: SearchContext): string {
  return (
    `out of memory: the search's memo reached the ${formatBytes(memoryBytes)} limit ` +
    `after ${outcome.statesVisited} search states`
  );
}

export function formatMs(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 ? `${Number(mib.toFixed(1))} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

function idsOf(keyOperations: KeyOperations): (indexes: readonly number[]) => string[] {
  return (indexes) => indexes.map((index) => keyOperations.operations[index]?.id ?? '');
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

function keyState(keyOperations: KeyOperations, state: ModelState): KeyState {
  return { value: keyOperations.values[state.valueId] ?? null, version: state.version };
}

function keyCounts(
  keyOperations: KeyOperations,
  operationCount: number,
  search: Pick<KeySearchOutcome, 'statesVisited' | 'backtracks' | 'memoBytes'>,
): KeyCheckCounts {
  return {
    operations: operationCount,
    searched: keyOperations.operations.length,
    skipped: keyOperations.skipped,
    unknownOutcome: keyOperations.stepKind.filter((kind) => kind === StepKind.maybeWrite).length,
    statesVisited: search.statesVisited,
    backtracks: search.backtracks,
    memoBytes: search.memoBytes,
  };
}
