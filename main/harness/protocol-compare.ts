/**
 * `npm run check -- --compare paxoskv,quorumkv`: the same workload and fault schedule (one seed) on a
 * fresh cluster of each protocol in turn, and one table of what each did: throughput, latency of the
 * operations that succeeded, availability while faults were in force and outside them, how often a
 * first attempt failed, the checker's verdict with the anomalies it named, and acknowledged writes
 * lost. The simulator prints the same figures for simulated runs (app/simulator/protocol-comparison.ts),
 * whose helpers this shares.
 */
import { anomaliesOf } from '../../app/checker/anomaly';
import type { CheckResult } from '../../app/checker/check-result';
import type { HistoryOperation } from '../../app/checker/history';
import type { ComparisonRow } from '../../app/contract/comparison-run';
import type { ProtocolName } from '../../app/protocol/protocol';
import { formatTable, percent, percentile, share } from '../../app/simulator/protocol-comparison';
import { answered, isWorkloadOperation } from './availability-series';
import { runClusterCheck, type ClusterCheckOutcome } from './cluster-check';
import type { ClusterCheckOptions } from './cluster-check-options';
import type { FaultRecord } from './history-recorder';

/** What one protocol's run left, as the table reads it. */
export interface ComparedRun {
  durationMs: number;
  operations: readonly HistoryOperation[];
  faults: readonly FaultRecord[];
  /** Operations that ended ok after a failed first attempt. */
  firstAttemptFailed: ReadonlySet<string>;
  result: CheckResult;
  lostWrites: number;
  /** Whether the healed cluster answered every key through every replica. */
  settled: boolean;
}

/** One protocol's line: the console's contract carries the same rows (comparison-run.ts). */
export type ClusterProtocolRow = ComparisonRow;

/** When each fault was in force on the run's clock; one not healed lasts to the end. */
export function faultWindows(faults: readonly FaultRecord[]): Array<[number, number]> {
  return faults.map((record) => [record.appliedMs, record.healedMs ?? Infinity]);
}

/** The table's figures count the workload's operations only; the verdict judges the whole history. */
export function clusterCompareRow(protocol: ProtocolName, run: ComparedRun): ClusterProtocolRow {
  const windows = faultWindows(run.faults);
  const workload = run.operations.filter(isWorkloadOperation);
  const during = { ok: 0, all: 0 };
  const outside = { ok: 0, all: 0 };
  let firstFailed = 0;
  let ok = 0;
  const latencies: number[] = [];
  for (const operation of workload) {
    const succeeded = answered(operation);
    const inFault = windows.some(([from, to]) => operation.callMs >= from && operation.callMs < to);
    const tally = inFault ? during : outside;
    tally.all += 1;
    if (succeeded) tally.ok += 1;
    if (operation.outcome === 'ok') {
      ok += 1;
      if (operation.returnMs !== null) latencies.push(operation.returnMs - operation.callMs);
    }
    if (!succeeded || run.firstAttemptFailed.has(operation.id)) firstFailed += 1;
  }
  latencies.sort((a, b) => a - b);
  const anomalyCounts = new Map<string, number>();
  for (const anomaly of anomaliesOf(run.result.keys, run.operations)) {
    anomalyCounts.set(anomaly.kind, (anomalyCounts.get(anomaly.kind) ?? 0) + 1);
  }
  return {
    protocol,
    operations: workload.length,
    okPerSecond: ok / (run.durationMs / 1000),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    availabilityDuringFaults: during.all === 0 ? null : share(during.ok, during.all),
    availabilityOutsideFaults: outside.all === 0 ? null : share(outside.ok, outside.all),
    firstAccessFailureRate: share(firstFailed, workload.length),
    verdict: run.result.verdict,
    anomalies: [...anomalyCounts].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`),
    lostWrites: run.lostWrites,
    settled: run.settled,
  };
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const maybePercent = (value: number | null) => (value === null ? '-' : percent(value));

/** The rows as a plain-text table, one protocol a line. */
export function formatClusterComparison(rows: readonly ClusterProtocolRow[]): string {
  const header = [
    'protocol',
    'ops',
    'ok ops/s',
    'p50 ms',
    'p99 ms',
    'answered in faults',
    'answered outside',
    'first-access fail',
    'verdict',
    'lost acked writes',
  ];
  const lines = rows.map((row) => {
    if ('error' in row) return [row.protocol];
    const anomalies = row.anomalies.length > 0 ? ` (${row.anomalies.join(', ')})` : '';
    return [
      row.protocol,
      String(row.operations),
      row.okPerSecond.toFixed(1),
      ms(row.p50Ms),
      ms(row.p99Ms),
      maybePercent(row.availabilityDuringFaults),
      maybePercent(row.availabilityOutsideFaults),
      percent(row.firstAccessFailureRate),
      `${row.verdict}${anomalies}${row.settled ? '' : ', NOT settled'}`,
      String(row.lostWrites),
    ];
  });
  // A protocol that did not run says why after its name, across the columns, without widening them.
  return formatTable(header, lines)
    .split('\n')
    .map((line, index) => {
      const row = rows[index - 2];
      return (row && 'error' in row ? `${line}  ${row.error}` : line).trimEnd();
    })
    .join('\n');
}

export interface ClusterComparison {
  rows: ClusterProtocolRow[];
  /** The printed report: where each run's files went, then the table. */
  summary: string;
  /** The worst of the runs: 1 violation, lost write or unsettled; 3 unknown or a protocol not run. */
  exitCode: number;
}

/**
 * Runs the check once per protocol of `options.compare`, each on a fresh cluster, one after another;
 * `onRow` hears each protocol's row as soon as it has one (the console shows it before the rest run).
 */
export async function runClusterComparison(
  options: ClusterCheckOptions,
  runCheck: (options: ClusterCheckOptions) => Promise<ClusterCheckOutcome> = runClusterCheck,
  onRow: (row: ClusterProtocolRow) => void = () => undefined,
): Promise<ClusterComparison> {
  const rows: ClusterProtocolRow[] = [];
  const lines = [
    `check --compare: ${options.durationMs / 1000} s each, seed ${options.seed}, ${options.clients} clients, ${options.keys} keys (${options.distribution}), mode ${options.mode}, nemesis ${options.kinds.join(',') || 'none'}, retry share ${options.retryShare}`,
  ];
  let exitCode = 0;
  for (const protocol of options.compare ?? []) {
    const { compare: _compare, ...single } = options;
    try {
      const outcome = await runCheck({ ...single, protocol, outDir: `${options.outDir}/${protocol}` });
      rows.push(clusterCompareRow(protocol, comparedRun(options.durationMs, outcome)));
      lines.push(
        `${protocol}: wrote ${outcome.files.history}, ${outcome.files.faults}, ${outcome.files.html}`,
      );
      exitCode = worse(exitCode, outcome.exitCode);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
      rows.push({ protocol, error: `could not start: ${reason}` });
      lines.push(`${protocol}: could not start: ${reason}`);
      exitCode = worse(exitCode, 3);
    }
    onRow(rows[rows.length - 1]!);
  }
  lines.push('', formatClusterComparison(rows));
  return { rows, summary: `${lines.join('\n')}\n`, exitCode };
}

function comparedRun(durationMs: number, outcome: ClusterCheckOutcome): ComparedRun {
  return {
    durationMs,
    operations: outcome.operations,
    faults: outcome.faults,
    firstAttemptFailed: outcome.firstAttemptFailed,
    result: outcome.result,
    lostWrites: outcome.lost.length,
    settled: outcome.settle.unreadable.length === 0,
  };
}

/** 1 (broken) outranks 3 (unknown), which outranks 0. */
function worse(a: number, b: number): number {
  const rank = (code: number) => (code === 1 ? 3 : code === 3 ? 2 : code === 0 ? 0 : 1);
  return rank(a) >= rank(b) ? a : b;
}
