/** The memo structures against plain JavaScript sets: the search is only sound if these are exact. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LinearizedSet } from '../../../app/checker/linearized-set';
import { VisitResult, VisitedCache } from '../../../app/checker/visited-cache';

const size = 130;
/** add or delete a member; deletes of absent members are skipped, as the search never does them. */
const steps = fc.array(fc.record({ add: fc.boolean(), member: fc.integer({ min: 0, max: size - 1 }) }), {
  maxLength: 400,
});

function apply(set: LinearizedSet, mirror: Set<number>, step: { add: boolean; member: number }): void {
  if (step.add && !mirror.has(step.member)) {
    set.add(step.member);
    mirror.add(step.member);
  } else if (!step.add && mirror.has(step.member)) {
    set.delete(step.member);
    mirror.delete(step.member);
  }
}

function built(members: Iterable<number>): LinearizedSet {
  const set = new LinearizedSet(size);
  for (const member of [...members].sort((a, b) => b - a)) set.add(member);
  return set;
}

function sameSet(a: LinearizedSet, b: LinearizedSet): boolean {
  const copy = new Uint32Array(a.tailLength());
  a.copyTail(copy, 0);
  return b.equalsCopy(a.fullWords, copy, 0, copy.length);
}

describe('LinearizedSet', () => {
  it('matches a Set through any adds and deletes: equal sets compare equal and hash alike', () => {
    fc.assert(
      fc.property(steps, (sequence) => {
        const set = new LinearizedSet(size);
        const mirror = new Set<number>();
        for (const step of sequence) {
          apply(set, mirror, step);
          const twin = built(mirror);
          expect(sameSet(set, twin) && sameSet(twin, set)).toBe(true);
          expect(set.hash).toBe(twin.hash);
        }
      }),
    );
  });

  it('tells apart a full run with one hole from the full run', () => {
    const full = built(Array.from({ length: 64 }, (_, member) => member));
    const holed = built(Array.from({ length: 64 }, (_, member) => member));
    holed.delete(5);
    expect(sameSet(full, holed)).toBe(false);
    expect(sameSet(holed, full)).toBe(false);
    holed.add(5);
    expect(sameSet(full, holed)).toBe(true);
  });
});

describe('VisitedCache', () => {
  it('reports a (set, state) node as new exactly once, like a Set of descriptions', () => {
    const node = fc.record({
      members: fc.uniqueArray(fc.integer({ min: 0, max: size - 1 }), { maxLength: 40 }),
      valueId: fc.integer({ min: 0, max: 3 }),
      version: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 300 }), (nodes) => {
        const cache = new VisitedCache();
        const seen = new Set<string>();
        for (const { members, valueId, version } of nodes) {
          const description = `${[...members].sort((a, b) => a - b).join(',')}|${valueId}|${version}`;
          const expected = seen.has(description) ? VisitResult.seen : VisitResult.added;
          expect(cache.addIfNew(built(members), valueId, version)).toBe(expected);
          seen.add(description);
        }
        expect(cache.size).toBe(seen.size);
      }),
    );
  });

  it('never holds more than its byte limit, counting both copies while it grows, and still knows what it holds', () => {
    const limit = 200 * 1024;
    const cache = new VisitedCache(limit);
    let added = 0;
    let version = 0;
    for (; ; version++) {
      const result = cache.addIfNew(built([version % size]), 0, version);
      if (result === VisitResult.full) break;
      expect(result).toBe(VisitResult.added);
      added++;
      expect(cache.bytes()).toBeLessThanOrEqual(limit);
    }
    expect(added).toBeGreaterThan(1000);
    expect(cache.size).toBe(added);
    // Full means no room for new nodes; nodes already held are still recognised.
    expect(cache.addIfNew(built([0]), 0, 0)).toBe(VisitResult.seen);
    expect(cache.addIfNew(built([1]), 0, version + 1)).toBe(VisitResult.full);
  });

  it('is full from the start under a limit smaller than its first arrays', () => {
    expect(new VisitedCache(1024).addIfNew(built([1]), 0, 0)).toBe(VisitResult.full);
  });
});
