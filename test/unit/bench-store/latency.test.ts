import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from '../../../bench/store/latency';

describe('latency summary', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('sorts numerically, not as text', () => {
    const summary = summarizeLatencies([10, 9, 100, 2, 1]);
    expect(summary).toEqual({ count: 5, p50Ms: 9, p99Ms: 100, meanMs: 24.4 });
  });

  it('reports NaN, not zero, when nothing was measured', () => {
    const summary = summarizeLatencies([]);
    expect(summary.count).toBe(0);
    expect(summary.p50Ms).toBeNaN();
  });
});
