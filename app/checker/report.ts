/**
 * A CheckResult as text for people: a summary line, one line per key with its verdict and time, and
 * for every key that is not ok either what a pre-check proved (the operations that contradict each
 * other) or the prefix the search reached, the state there, and the operations it could not place.
 * Used by `npm run check` and by simulator failure messages; formatCheckSummary gives one line.
 */
import type { CheckResult, KeyCheckResult, KeyState } from './check-result';
import type { HistoryOperation } from './history';
import { anomalyOf } from './anomaly';
import { formatMs } from './key-verdicts';
import { describeBytes } from '../util/byte-text';

export interface ReportOptions {
  /** How many operations of a long prefix to show, counted from its end. */
  prefixShownMax?: number;
  /** How many operations concurrent with the blocked one to show (timed-out ones overlap everything). */
  concurrentShownMax?: number;
  /** Print ok keys as well; by default only their count is printed. */
  showOkKeys?: boolean;
}

export function formatCheckReport(
  result: CheckResult,
  operations: readonly HistoryOperation[],
  options: ReportOptions = {},
): string {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const lines = [`verdict: ${result.verdict}`, countsLine(result)];
  const slowest = slowestKey(result);
  if (slowest !== null)
    lines.push(`slowest key: ${JSON.stringify(slowest.key)}, ${slowest.verdict} in ${timeOf(slowest)}`);
  if (result.stoppedAtFirstViolation === true) {
    const left = result.keys.filter((key) => key.unknownCause === 'first-violation').length;
    lines.push(`stopped at the first violation: ${count(left, 'key')} not checked`);
  }
  for (const key of result.keys) {
    if (key.verdict === 'ok' && options.showOkKeys !== true) continue;
    lines.push(...describeKey(key, byId, options.prefixShownMax ?? 8, options.concurrentShownMax ?? 20));
  }
  return lines.join('\n') + '\n';
}

/** One line for a whole history: its verdict, counts and time, and the first key that is not ok. */
export function formatCheckSummary(result: CheckResult): string {
  const first =
    result.keys.find((key) => key.verdict === 'violation') ??
    result.keys.find((key) => key.verdict === 'unknown');
  const why =
    first === undefined ? '' : `; key ${JSON.stringify(first.key)}: ${first.reason ?? blockedText(first)}`;
  return `${result.verdict}: ${countsLine(result)}${why}`;
}

function countsLine({ counts, elapsedMs }: CheckResult): string {
  const elapsed = elapsedMs === undefined ? '' : `, ${elapsedMs.toFixed(1)} ms`;
  return (
    `${count(counts.operations, 'operation')} on ${count(counts.keys, 'key')}: ${counts.keysOk} ok, ` +
    `${counts.keysViolation} violation, ${counts.keysUnknown} unknown ` +
    `(${count(counts.statesVisited, 'search state')}${elapsed})`
  );
}

function blockedText(key: KeyCheckResult): string {
  return key.unplaced === undefined ? key.verdict : `cannot place ${key.unplaced.blockedOperationId}`;
}

/** The key that took longest, when there are several and times were measured. */
function slowestKey(result: CheckResult): KeyCheckResult | null {
  if (result.keys.length < 2) return null;
  let slowest: KeyCheckResult | null = null;
  for (const key of result.keys) {
    if (key.elapsedMs !== undefined && key.elapsedMs > (slowest?.elapsedMs ?? -1)) slowest = key;
  }
  return slowest;
}

function timeOf(key: KeyCheckResult): string {
  return key.elapsedMs === undefined ? '' : formatMs(key.elapsedMs);
}

function describeKey(
  key: KeyCheckResult,
  byId: Map<string, HistoryOperation>,
  prefixShownMax: number,
  concurrentShownMax: number,
): string[] {
  const { counts } = key;
  const time = key.elapsedMs === undefined ? '' : ` in ${timeOf(key)}`;
  const why = key.decidedBy === 'versions' ? 'by its reported versions, no search' : key.reason;
  const lines = [
    `key ${JSON.stringify(key.key)}: ${key.verdict}${time}${why === undefined ? '' : ` (${why})`}; ` +
      `${count(counts.operations, 'operation')} (${counts.skipped} skipped, ${counts.unknownOutcome} unknown outcome), ` +
      `${count(counts.statesVisited, 'search state')}, ${count(counts.backtracks, 'backtrack')}`,
  ];
  if (key.verdict === 'ok' && key.unplaced === undefined) return lines;
  const anomaly = anomalyOf(key, byId);
  if (anomaly) lines.push(`  anomaly: ${anomaly.title}`);
  if (key.precheck !== undefined) {
    lines.push(`  found before any search (${key.precheck.rule}), by:`);
    for (const id of key.precheck.operationIds) lines.push(`    ${describeOperationById(id, byId)}`);
    return lines;
  }
  if (key.unknownCause === 'budget-spent' || key.unknownCause === 'first-violation') return lines;
  const prefix = key.linearizedPrefix;
  const hidden = Math.max(0, prefix.length - prefixShownMax);
  const shown = hidden > 0 ? `, the last ${prefixShownMax}:` : '';
  lines.push(`  linearizable prefix: ${count(prefix.length, 'operation')}${shown}`);
  for (const id of prefix.slice(hidden)) lines.push(`    ${describeOperationById(id, byId)}`);
  lines.push(`  state after it: ${describeState(key.stateAfterPrefix)}`);
  if (key.unplaced === undefined) return lines;
  lines.push(`  cannot be placed: ${describeOperationById(key.unplaced.blockedOperationId, byId)}`);
  const concurrent = key.unplaced.concurrentOperationIds;
  for (const id of concurrent.slice(0, concurrentShownMax)) {
    lines.push(`    concurrent: ${describeOperationById(id, byId)}`);
  }
  if (concurrent.length > concurrentShownMax) {
    lines.push(`    … and ${concurrent.length - concurrentShownMax} more concurrent`);
  }
  return lines;
}

function describeOperationById(id: string, byId: Map<string, HistoryOperation>): string {
  const operation = byId.get(id);
  return operation === undefined ? id : describeOperation(operation);
}

/** One line: `id client: put("a") → ok v3  [12, 15.5] ms`. */
export function describeOperation(operation: HistoryOperation): string {
  const { id, client, kind, value, expectedVersion, callMs, returnMs } = operation;
  const argument =
    kind === 'cas'
      ? `(v${expectedVersion ?? '?'}, ${describeBytes(value)})`
      : kind === 'put'
        ? `(${describeBytes(value)})`
        : '';
  const until = returnMs === null ? '∞' : String(returnMs);
  return `${id} ${client}: ${kind}${argument} → ${describeAnswer(operation)}  [${callMs}, ${until}] ms`;
}

function describeAnswer({ kind, outcome, result }: HistoryOperation): string {
  if (outcome === 'unknown') return 'unknown';
  if (outcome === 'fail')
    return result?.currentVersion === undefined ? 'fail' : `fail, found v${result.currentVersion}`;
  const version = result?.version === undefined ? '' : ` v${result.version}`;
  return kind === 'get' ? `${describeBytes(result?.value ?? null)}${version}` : `ok${version}`;
}

function describeState(state: KeyState): string {
  return `${describeBytes(state.value)} v${state.version}`;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}
