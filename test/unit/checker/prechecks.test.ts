/**
 * The pre-checks: each rule on a history that breaks it, naming the operations; never on a history
 * some order explains (the brute-force twin decides small ones, reference runs are linearizable by
 * construction).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryOperation } from '../../../app/checker/history';
import { compileKeyOperations } from '../../../app/checker/key-operations';
import { precheckKey } from '../../../app/checker/prechecks';
import { referenceRun } from '../../../app/checker/reference-run';
import { bruteForceLinearizable } from './brute-force-checker';
import { cas, del, get, put } from './history-builders';
import { randomHistory } from './random-histories';

/** The rule, operation ids and message of the first pre-check that fails on key k, or null. */
function precheck(history: HistoryOperation[], key = 'k') {
  const keyOperations = compileKeyOperations(
    key,
    history.filter((operation) => operation.key === key),
  );
  const found = precheckKey(keyOperations);
  if (found === null) return null;
  const ids = found.operations.map((index) => keyOperations.operations[index]?.id);
  return { rule: found.rule, ids, message: found.message };
}

describe('pre-checks', () => {
  it('a read of a value no write wrote, or of a value at version 0', () => {
    expect(precheck([put({ id: 'w', at: [0, 1] }, 'a'), get({ id: 'r', at: [2, 3] }, 'b')])).toEqual({
      rule: 'never-written',
      ids: ['r'],
      message: 'read r saw "b", but no write of the key could have left it',
    });
    expect(precheck([put({ id: 'w', at: [0, 1] }, 'a'), get({ id: 'r', at: [0, 3] }, 'a', 0)])?.message).toBe(
      'read r saw "a" at version 0, but version 0 is the key before any write',
    );
    // null at a version above 0 needs a delete.
    expect(precheck([put({ at: [0, 1] }, 'a', 1), get({ id: 'r', at: [2, 3] }, null, 1)])?.rule).toBe(
      'never-written',
    );
    expect(precheck([del({ at: [0, 1] }, 1), get({ at: [2, 3] }, null, 1)])).toBeNull();
  });

  it('a read of a value only writes called after it returned could leave', () => {
    const history = [get({ id: 'r', at: [0, 1] }, 'late'), put({ id: 'w', at: [2, null] }, 'late')];
    expect(precheck(history)).toEqual({
      rule: 'written-later',
      ids: ['r', 'w'],
      message:
        'read r saw "late" and returned at 1 ms, before w, the first write that could have left it, was called at 2 ms',
    });
    // Called at the moment the read returned counts as concurrent: no violation.
    expect(precheck([get({ at: [0, 2] }, 'late'), put({ at: [2, null] }, 'late')])).toBeNull();
  });

  it('two writes that report one version, and a read that sees another value there', () => {
    expect(precheck([put({ id: 'w1', at: [0, 5] }, 'a', 1), put({ id: 'w2', at: [1, 6] }, 'a', 1)])).toEqual({
      rule: 'two-writers',
      ids: ['w2', 'w1'],
      message: 'w1 and w2 both made version 1; each write makes a new version',
    });
    expect(
      precheck([
        put({ id: 'w', at: [0, 5] }, 'a', 1),
        get({ id: 'r', at: [1, 6] }, 'b', 1),
        put({ at: [0, null] }, 'b'),
      ]),
    ).toMatchObject({
      rule: 'two-values',
      ids: ['r', 'w'],
    });
    const reads = [
      put({ at: [0, null] }, 'a'),
      put({ at: [0, null] }, 'b'),
      get({ id: 'r1', at: [1, 2] }, 'a', 1),
      get({ id: 'r2', at: [1, 2] }, 'b', 1),
    ];
    expect(precheck(reads)).toEqual({
      rule: 'two-values',
      ids: ['r2', 'r1'],
      message: 'reads r1 and r2 saw version 1 with different values ("a", "b")',
    });
  });

  it('a version older than one an operation that had already returned saw or made', () => {
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      put({ id: 'w2', at: [2, 3] }, 'b', 2),
      put({ id: 'w', at: [4, 5] }, 'c', 2),
    ];
    // Two writers of version 2 come first in the order of the rules; without w2's version it is staleness.
    expect(precheck(history)?.rule).toBe('two-writers');
    const stale = [
      put({ id: 'w1', at: [0, 1] }, 'a', 1),
      get({ id: 'seen', at: [2, 3] }, 'a', 1),
      cas({ id: 'late', at: [4, 5], outcome: 'fail' }, 3, 'x', 0),
    ];
    expect(precheck(stale)).toEqual({
      rule: 'stale-version',
      ids: ['late', 'w1'],
      message:
        'late saw version 0, but w1 had already left version 1 (it returned at 1 ms, before late was called at 4 ms)',
    });
  });

  it('a version higher than the writes called before the operation returned could make', () => {
    // w1 reports no version, so it could have made version 2 as far as values go; but it is the only write.
    const history = [
      put({ id: 'w1', at: [0, 1] }, 'a'),
      get({ id: 'r', at: [2, 3] }, 'a', 2),
      put({ at: [4, null] }, 'b'),
    ];
    expect(precheck(history)).toEqual({
      rule: 'too-few-writes',
      ids: ['r'],
      message: 'r saw version 2, but only 1 other write was called before it returned at 3 ms',
    });
    // A write that reports version v needs v - 1 other writes.
    expect(precheck([put({ id: 'w', at: [0, 1] }, 'a', 2)])?.message).toBe(
      'w needs version 1 to make 2, but only 0 other writes were called before it returned at 1 ms',
    );
  });

  it('a cas refused at the version it expected, or acknowledged with a version other than the next', () => {
    expect(precheck([cas({ id: 'c', at: [0, 1], outcome: 'fail' }, 0, 'x', 0)])?.message).toBe(
      'cas c was refused, yet found the version 0 it expected',
    );
    expect(precheck([put({ at: [0, 1] }, 'a', 1), cas({ id: 'c', at: [2, 3] }, 1, 'x', 3)])?.message).toBe(
      'cas c expected version 1, so it can only make 2, yet reported 3',
    );
  });

  it('never fires on a small history some order explains', () => {
    let fired = 0;
    fc.assert(
      fc.property(randomHistory({ maxLength: 7, unknownWeight: 3 }), (history) => {
        for (const key of ['a', 'b']) {
          if (precheck(history, key) === null) continue;
          fired++;
          expect(bruteForceLinearizable(history.filter((operation) => operation.key === key))).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
    // Enough histories break a rule for the property to mean something.
    expect(fired).toBeGreaterThan(500);
  });

  it('never fires on reference runs, full of timeouts, concurrency and versions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom(0.1, 0.3, 0.5),
        (seed, unknownShare) => {
          const history = referenceRun({ seed, operations: 400, clients: 8, keys: 3, unknownShare });
          for (const key of ['k0', 'k1', 'k2']) expect(precheck(history, key)).toBeNull();
        },
      ),
      { numRuns: 100 },
    );
  });
});
