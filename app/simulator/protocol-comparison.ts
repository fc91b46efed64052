/**
 * Protocols side by side on one schedule: from each protocol's client calls over the same random runs
 * (same workload, retries and faults), how many operations succeeded while faults were in force and
 * after they healed, how long the successful ones took, and what the checker found. The figures are
 * simulated milliseconds, so they compare protocols, not machines.
 */
import type { ProtocolName } from '../protocol/protocol';
import type { ClientCall } from './sim-state';

/** One protocol's calls in one run, with the moment its faults healed. */
export interface RunCalls {
  calls: readonly ClientCall[];
  chaosEndMs: number;
  /** Whether the checker found the run's history linearizable with every request applied once. */
  clean: boolean;
  /** The anomalies the checker named in this run, by kind. */
  anomalyKinds: readonly string[];
}

export interface ProtocolRow {
  protocol: ProtocolName;
  runs: number;
  /** Runs the checker passed. */
  runsClean: number;
  calls: number;
  /** Share of calls answered ok while faults were in force, and after they healed. */
  availabilityDuringFaults: number;
  availabilityAfterHeal: number;
  /** Share of first attempts that failed (the article's "first-access failure rate"). */
  firstAccessFailureRate: number;
  /** Latency of successful calls, in simulated ms. */
  p50Ms: number;
  p99Ms: number;
  /** Anomalies named across the runs, most frequent first, e.g. "lost-update 12". */
  anomalies: string[];
}

/** part / whole, and 1 when there was nothing to count (no call failed). */
export function share(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/** The p-th percentile of ascending numbers (nearest rank); 0 when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function compareRow(protocol: ProtocolName, runs: readonly RunCalls[]): ProtocolRow {
  const during = { ok: 0, all: 0 };
  const after = { ok: 0, all: 0 };
  const first = { failed: 0, all: 0 };
  const latencies: number[] = [];
  const anomalyCounts = new Map<string, number>();
  let calls = 0;
  for (const run of runs) {
    for (const call of run.calls) {
      calls += 1;
      const ok = call.reply?.ok === true;
      const window = call.invokedAtMs < run.chaosEndMs ? during : after;
      window.all += 1;
      if (ok) window.ok += 1;
      if (call.attempt === 1) {
        first.all += 1;
        if (!ok) first.failed += 1;
      }
      if (ok && call.repliedAtMs !== null) latencies.push(call.repliedAtMs - call.invokedAtMs);
    }
    for (const kind of run.anomalyKinds) anomalyCounts.set(kind, (anomalyCounts.get(kind) ?? 0) + 1);
  }
  latencies.sort((a, b) => a - b);
  return {
    protocol,
    runs: runs.length,
    runsClean: runs.filter((run) => run.clean).length,
    calls,
    availabilityDuringFaults: share(during.ok, during.all),
    availabilityAfterHeal: share(after.ok, after.all),
    firstAccessFailureRate: share(first.failed, first.all),
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    anomalies: [...anomalyCounts].sort((a, b) => b[1] - a[1]).map(([kind, count]) => `${kind} ${count}`),
  };
}

/** A share as "93.5%". */
export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

/** A plain-text table: the header, a rule under it, and each line's cells padded to their column. */
export function formatTable(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const pad = (cells: readonly string[]) =>
    cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ');
  return [pad(header), pad(widths.map((width) => '-'.repeat(width))), ...lines.map(pad)].join('\n');
}

/** The rows as a plain-text table, one protocol a line. */
export function formatComparison(rows: readonly ProtocolRow[]): string {
  const header = [
    'protocol',
    'runs clean',
    'calls',
    'ok during faults',
    'ok after heal',
    'first-access fail',
    'p50 ms',
    'p99 ms',
    'anomalies',
  ];
  const lines = rows.map((row) => [
    row.protocol,
    `${row.runsClean}/${row.runs}`,
    String(row.calls),
    percent(row.availabilityDuringFaults),
    percent(row.availabilityAfterHeal),
    percent(row.firstAccessFailureRate),
    String(row.p50Ms),
    String(row.p99Ms),
    row.anomalies.join(', ') || 'none',
  ]);
  return formatTable(header, lines);
}
