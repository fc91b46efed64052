/**
 * The linearization read off reported versions: it decides keys whose operations all report their
 * versions without any search, fills gaps with unanswered writes, and hands everything else to the
 * search (it never says violation, and never ok without an order that replays).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { compileKeyOperations } from '../../../app/checker/key-operations';
import { checkHistory } from '../../../app/checker/linearizability';
import { referenceRun } from '../../../app/checker/reference-run';
import { VersionFacts } from '../../../app/checker/version-facts';
import { linearizeByVersions } from '../../../app/checker/version-order';
import { replayLinearization } from './brute-force-checker';
import { cas, del, get, put } from './history-builders';

function ordered(history: HistoryOperation[]): string[] | null {
  const keyOperations = compileKeyOperations('k', history);
  const found = linearizeByVersions(keyOperations, new VersionFacts(keyOperations));
  return found === null ? null : found.order.map((index) => keyOperations.operations[index]?.id ?? '');
}

describe('linearization by versions', () => {
  it('orders each version: its write, then what saw it, in call order', () => {
    const history = [
      get({ id: 'r0', at: [0, 9] }, null, 0),
      put({ id: 'w1', at: [1, 2] }, 'a', 1),
      get({ id: 'r1b', at: [4, 6] }, 'a', 1),
      get({ id: 'r1a', at: [3, 8] }, 'a', 1),
      cas({ id: 'c', at: [5, 7], outcome: 'fail' }, 0, 'x', 1),
      del({ id: 'd2', at: [9, 10] }, 2),
    ];
    expect(ordered(history)).toEqual(['r0', 'w1', 'r1a', 'r1b', 'c', 'd2']);
    const result = checkHistory(history);
    expect(result.keys[0]).toMatchObject({
      verdict: 'ok',
      decidedBy: 'versions',
      counts: { statesVisited: 0 },
    });
    expect(replayLinearization(history, 'k', result.keys[0]?.linearizedPrefix ?? [])).toBeNull();
  });

  it('fills a gap with an unanswered write that fits it, and leaves the rest out', () => {
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'lost', at: [2, null] }, 'never seen'),
      put({ id: 'seen', at: [2, null] }, 'b'),
      get({ id: 'r2', at: [5, 6] }, 'b', 2),
      put({ id: 'w3', at: [7, 8] }, 'c', 3),
    ];
    expect(ordered(history)).toEqual(['w1', 'seen', 'r2', 'w3']);
  });

  it('lets a gap no read saw take a write whose value a later gap needs, when there are writes to spare', () => {
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      del({ id: 'd1', at: [2, null] }),
      del({ id: 'd2', at: [2, null] }),
      get({ id: 'r3', at: [10, 11] }, null, 3),
    ];
    expect(ordered(history)).toEqual(['w1', 'd1', 'd2', 'r3']);
  });

  it('hands the key to the search when a version is not pinned down or no unanswered write fits a gap', () => {
    // A put without its version.
    const unversioned = [put({ at: [0, 1] }, 'a'), get({ at: [2, 3] }, 'a', 1)];
    expect(ordered(unversioned)).toBeNull();
    expect(checkHistory(unversioned).keys[0]).toMatchObject({ verdict: 'ok', decidedBy: 'search' });
    // The only unanswered write was called after the read of the version it would have to make.
    expect(ordered([get({ at: [0, 1] }, 'late', 1), put({ at: [2, null] }, 'late')])).toBeNull();
  });

  it('trusts no order that real time forbids, even one the versions suggest', () => {
    // The pre-checks refuse this first (stale-version); the order by versions must refuse it too.
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'w2', at: [2, 3] }, 'b', 2),
      get({ id: 'late', at: [4, 5] }, 'a', 1),
    ];
    expect(ordered(history)).toBeNull();
  });

  it('decides the keys of generated store histories with versions, every order replaying', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0, 0.1, 0.3, 0.5),
        (seed, unknownShare) => {
          const history = referenceRun({ seed, operations: 300, clients: 8, keys: 3, unknownShare });
          const result = checkHistory(history);
          expect(result.verdict).toBe('ok');
          for (const key of result.keys) {
            expect(replayLinearization(history, key.key, key.linearizedPrefix)).toBeNull();
          }
        },
      ),
      { numRuns: 100 },
    );
    const sample = checkHistory(
      referenceRun({ seed: 3, operations: 3000, clients: 8, keys: 10, unknownShare: 0.3 }),
    );
    expect(sample.keys.filter((key) => key.decidedBy === 'versions').length).toBeGreaterThanOrEqual(8);
  });
});
