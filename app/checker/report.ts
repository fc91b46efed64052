/**
 * A CheckResult as text for people: a summary line, one line per key, and for every key that is not
 * ok the prefix the search reached, the state there, and the operations it could not place. Used by
 * `npm run check` and by simulator failure messages.
 */
import type { CheckResult, KeyCheckResult, KeyState } from './check-result';
import type { HistoryOperation } from './history';
import { bytesToBase64, bytesToUtf8 } from './value-text';

export interface ReportOptions {
  /** How many operations of a long prefix to show, counted from its end. */
  prefixShownMax?: number;
  /** How many operations concurrent with the blocked one to show (timed-out ones overlap everything). */
  concurrentShownMax?: number;
  /** Print ok keys as well; by default only their count is printed. */
  showOkKeys?: boolean;
}

const valueShownMax = 40;

export function formatCheckReport(
  result: CheckResult,
  operations: readonly HistoryOperation[],
  options: ReportOptions = {},
): string {
  const byId = new Map(operations.map((operation) => [operation.id, operation]));
  const { counts } = result;
  const elapsed = result.elapsedMs === undefined ? '' : `, ${result.elapsedMs.toFixed(1)} ms`;
  const lines = [
    `verdict: ${result.verdict}`,
    `${count(counts.operations, 'operation')} on ${count(counts.keys, 'key')}: ${counts.keysOk} ok, ` +
      `${counts.keysViolation} violation, ${counts.keysUnknown} unknown ` +
      `(${count(counts.statesVisited, 'search state')}${elapsed})`,
  ];
  for (const key of result.keys) {
    if (key.verdict === 'ok' && options.showOkKeys !== true) continue;
    lines.push(...describeKey(key, byId, options.prefixShownMax ?? 8, options.concurrentShownMax ?? 20));
  }
  return lines.join('\n') + '\n';
}

function describeKey(
  key: KeyCheckResult,
  byId: Map<string, HistoryOperation>,
  prefixShownMax: number,
  concurrentShownMax: number,
): string[] {
  const { counts } = key;
  const lines = [
    `key ${JSON.stringify(key.key)}: ${key.verdict}${key.reason === undefined ? '' : ` (${key.reason})`}; ` +
      `${count(counts.operations, 'operation')} (${counts.skipped} skipped, ${counts.unknownOutcome} unknown outcome), ` +
      `${count(counts.statesVisited, 'search state')}, ${count(counts.backtracks, 'backtrack')}`,
  ];
  if (key.verdict === 'ok' && key.unplaced === undefined) return lines;
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
      ? `(v${expectedVersion ?? '?'}, ${showValue(value)})`
      : kind === 'put'
        ? `(${showValue(value)})`
        : '';
  const until = returnMs === null ? '∞' : String(returnMs);
  return `${id} ${client}: ${kind}${argument} → ${describeAnswer(operation)}  [${callMs}, ${until}] ms`;
}

function describeAnswer({ kind, outcome, result }: HistoryOperation): string {
  if (outcome === 'unknown') return 'unknown';
  if (outcome === 'fail')
    return result?.currentVersion === undefined ? 'fail' : `fail, found v${result.currentVersion}`;
  const version = result?.version === undefined ? '' : ` v${result.version}`;
  return kind === 'get' ? `${showValue(result?.value ?? null)}${version}` : `ok${version}`;
}

function describeState(state: KeyState): string {
  return `${showValue(state.value)} v${state.version}`;
}

/** Text values quoted, others as base64, long ones cut short. */
function showValue(value: Uint8Array | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  const text = bytesToUtf8(value);
  const shown = text === null ? `base64:${bytesToBase64(value)}` : JSON.stringify(text);
  return shown.length > valueShownMax ? `${shown.slice(0, valueShownMax - 1)}…` : shown;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}
