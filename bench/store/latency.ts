/** Latency samples to percentiles (nearest rank), in milliseconds. */

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
}

export const emptySummary: LatencySummary = {
  count: 0,
  p50Ms: Number.NaN,
  p99Ms: Number.NaN,
  meanMs: Number.NaN,
};

/** The nearest-rank percentile of ascending samples; NaN when there are none. */
export function percentile(sortedMs: readonly number[], fraction: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(1, rank)) - 1]!;
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return emptySummary;
  const sorted = Float64Array.from(samplesMs).sort();
  const values = Array.from(sorted);
  const totalMs = values.reduce((sum, value) => sum + value, 0);
  return {
    count: values.length,
    p50Ms: percentile(values, 0.5),
    p99Ms: percentile(values, 0.99),
    meanMs: totalMs / values.length,
  };
}

/** Milliseconds for the tables: two decimals below 10 ms, one above; a dash for no samples. */
export function formatMs(ms: number): string {
  if (Number.isNaN(ms)) return '—';
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}
