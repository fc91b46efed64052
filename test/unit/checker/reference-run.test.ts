/**
 * Generated histories: a store that is linearizable by construction must pass, with a linearization
 * that replays; the same history with one read's answer corrupted must fail, with an explanation
 * whose prefix replays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { checkHistory } from '../../../app/checker/linearizability';
import { referenceRun } from '../../../app/checker/reference-run';
import { replayLinearization } from './brute-force-checker';
import { bytes } from './history-builders';

const runOptions = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  operations: fc.integer({ min: 1, max: 300 }),
  clients: fc.integer({ min: 1, max: 12 }),
  keys: fc.integer({ min: 1, max: 3 }),
  unknownShare: fc.constantFrom(0, 0.05, 0.2),
  failShare: fc.constantFrom(0, 0.05),
  latencyMsMax: fc.constantFrom(1, 10, 50),
});

function answeredReads(history: readonly HistoryOperation[]): HistoryOperation[] {
  return history.filter((operation) => operation.kind === 'get' && operation.outcome === 'ok');
}

/** A copy of the history in which operation `id` gets another result. */
function withResult(history: readonly HistoryOperation[], id: string, result: HistoryOperation['result']) {
  return history.map((operation) => (operation.id === id ? { ...operation, result } : operation));
}

/** Every key's explanation is a genuine linearizable prefix; ok keys are complete linearizations. */
function expectExplanationsReplay(history: readonly HistoryOperation[]): void {
  for (const key of checkHistory(history).keys) {
    expect(replayLinearization(history, key.key, key.linearizedPrefix, key.verdict !== 'ok')).toBeNull();
  }
}

describe('reference runs (linearizable by construction)', () => {
  it('pass, with a linearization that replays', () => {
    fc.assert(
      fc.property(runOptions, (options) => {
        const history = referenceRun(options);
        expect(checkHistory(history).verdict).toBe('ok');
        expectExplanationsReplay(history);
      }),
      { numRuns: 150 },
    );
  });

  it('fail once one read returns a value nobody wrote', () => {
    fc.assert(
      fc.property(runOptions, fc.nat(), (options, pick) => {
        const history = referenceRun(options);
        const reads = answeredReads(history);
        fc.pre(reads.length > 0);
        const read = reads[pick % reads.length] as HistoryOperation;
        const corrupted = withResult(history, read.id, { ...read.result, value: bytes('never written') });
        const result = checkHistory(corrupted);
        expect(result.verdict).toBe('violation');
        expect(result.keys.find((key) => key.key === read.key)?.verdict).toBe('violation');
        expectExplanationsReplay(corrupted);
      }),
      { numRuns: 150 },
    );
  });

  it('fail once one read reports a version older than a write that finished before it began', () => {
    fc.assert(
      fc.property(runOptions, fc.nat(), (options, pick) => {
        const history = referenceRun(options);
        const reads = answeredReads(history);
        const rotated = [...reads.slice(pick % Math.max(reads.length, 1)), ...reads];
        const read = rotated.find((candidate) => newestFinishedVersion(history, candidate) > 0);
        fc.pre(read !== undefined);
        const staleVersion = newestFinishedVersion(history, read) - 1;
        const corrupted = withResult(history, read.id, { ...read.result, version: staleVersion });
        expect(checkHistory(corrupted).verdict).toBe('violation');
        expectExplanationsReplay(corrupted);
      }),
      { numRuns: 150 },
    );
  });
});

/** The highest version an acknowledged write of the read's key reported before the read was called. */
function newestFinishedVersion(history: readonly HistoryOperation[], read: HistoryOperation): number {
  let newest = 0;
  for (const operation of history) {
    const version = operation.kind === 'get' ? undefined : operation.result?.version;
    const finishedBefore = operation.returnMs !== null && operation.returnMs < read.callMs;
    if (operation.key === read.key && operation.outcome === 'ok' && version !== undefined && finishedBefore) {
      newest = Math.max(newest, version);
    }
  }
  return newest;
}
