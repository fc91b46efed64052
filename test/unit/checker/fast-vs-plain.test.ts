/**
 * The fast search (pre-checks, twin timed-out writes) against the plain one on histories too long for
 * the brute-force twin: both must reach the same verdict wherever the plain one decides at all.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { referenceRun } from '../../../app/checker/reference-run';
import { bytes } from './history-builders';
import { randomHistory } from './random-histories';

/** The plain search may explode on these; it gets this much memo, and its unknowns are skipped. */
const plainMemoryBytes = 8 * 1024 * 1024;

/** Compares the two modes on one history; returns whether the plain one decided it. */
function sameVerdict(history: readonly HistoryOperation[]): boolean {
  const plain = checkHistory(history, { search: 'plain', memoryLimitBytes: plainMemoryBytes });
  const fast = checkHistory(history);
  expect(fast.keys.map((key) => key.verdict)).not.toContain('unknown');
  const decided = plain.keys.filter((key) => key.verdict !== 'unknown');
  for (const key of decided) {
    expect([key.key, fast.keys.find((other) => other.key === key.key)?.verdict]).toEqual([
      key.key,
      key.verdict,
    ]);
  }
  return decided.length === plain.keys.length;
}

/** A copy of the history in which one answered read returns another value (often a violation). */
function corrupted(history: HistoryOperation[], pick: number, value: string): HistoryOperation[] {
  const reads = history.filter((operation) => operation.kind === 'get' && operation.outcome === 'ok');
  const read = reads[pick % Math.max(1, reads.length)];
  if (read === undefined) return history;
  return history.map((operation) =>
    operation === read ? { ...operation, result: { ...operation.result, value: bytes(value) } } : operation,
  );
}

describe('fast search against the plain one', () => {
  it('agrees on random histories of up to 14 operations, most of them timed-out writes', () => {
    let decided = 0;
    fc.assert(
      fc.property(randomHistory({ maxLength: 14, unknownWeight: 5, keys: 1 }), (history) => {
        if (sameVerdict(history)) decided++;
      }),
      { numRuns: 600 },
    );
    expect(decided).toBeGreaterThan(500);
  });

  it('agrees on generated store histories with 10 to 50 % timeouts, intact or with one read corrupted', () => {
    const runs = fc.record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      operations: fc.integer({ min: 10, max: 80 }),
      clients: fc.integer({ min: 2, max: 8 }),
      unknownShare: fc.constantFrom(0.1, 0.3, 0.5),
      reportVersions: fc.boolean(),
      pick: fc.nat(),
      value: fc.constantFrom('v3', 'v7', 'never written'),
    });
    let violations = 0;
    fc.assert(
      fc.property(runs, ({ pick, value, ...options }) => {
        const history = referenceRun({ ...options, keys: 1 });
        sameVerdict(history);
        const broken = corrupted(history, pick, value);
        sameVerdict(broken);
        if (checkHistory(broken).verdict === 'violation') violations++;
      }),
      { numRuns: 200 },
    );
    expect(violations).toBeGreaterThan(50);
  });
});
