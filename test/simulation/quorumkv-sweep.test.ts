/**
 * The same random runs (workload, retries, faults) on QuorumKV and on PaxosKV: the checker must catch
 * QuorumKV and name what went wrong, and must find nothing on PaxosKV. A protocol meant to be unsafe
 * that the checker cannot catch would mean the checker is blind, not that QuorumKV is fine.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from './sweep';

const seeds = Array.from({ length: 60 }, (_, i) => 5000 + i);

describe('QuorumKV beside PaxosKV on one schedule', () => {
  it('QuorumKV breaks linearizability on some seeds, each violation named', () => {
    const reports = seeds.map((seed) => runSeed(seed, [], 'quorumkv'));
    const failed = reports.filter((report) => report.failures.length > 0);
    const anomalies = reports.flatMap((report) => report.anomalies);
    expect(failed.length).toBeGreaterThan(5);
    const kinds = new Set(anomalies.map((anomaly) => anomaly.kind));
    // Concurrent coordinators numbering from their own copies: two writes at one version.
    expect(kinds).toContain('lost-update');
    // The same version read with two values: replicas that kept different writes.
    expect(kinds).toContain('divergent-version');
    for (const anomaly of anomalies) expect(anomaly.explanation.length).toBeGreaterThan(20);
  });

  it('PaxosKV on the same seeds stays linearizable and applies every request once', () => {
    const failed = seeds.map((seed) => runSeed(seed)).filter((report) => report.failures.length > 0);
    expect(failed).toEqual([]);
  });
});
