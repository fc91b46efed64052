import fc from 'fast-check';
import './fc-replay';
import { describe, expect, it } from 'vitest';
import { checkRecordInvariants } from '../../app/paxos';
import { isSlim, putInstance, shrinkInstances } from '../../app/paxos/plog';
import { maxBallot } from '../../app/paxos/ballot';
import type { EntryValue, Instance, KeyRecord } from '../../app/paxos';

const ballot = fc.record({ counter: fc.nat(5), role: fc.integer({ min: 1, max: 3 }) });
const entry = fc.record({
  requestId: fc.string({ maxLength: 4 }),
  owner: fc.constantFrom('n0', 'n1', 'n2'),
  version: fc.nat(9),
  deleted: fc.boolean(),
  data: fc.uint8Array({ maxLength: 4 }),
  /** The dedup window's request ids; the instance places them at the entries just below it. */
  requests: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
});

/** A value at `index` whose window names entries below it, oldest first, as the core builds it. */
function valueAt(index: number, drawn: { requests: string[] } & Omit<EntryValue, 'requests'>): EntryValue {
  const ids = drawn.requests.slice(0, index - 1);
  const requests = ids.map((requestId, i) => ({ requestId, version: i, index: index - ids.length + i }));
  return { ...drawn, requests };
}

/** A valid instance: accepted <= promised, a value exactly when accepted, chosen only with a value. */
const instance = (index: number) =>
  fc
    .tuple(ballot, fc.option(fc.tuple(ballot, entry)), fc.boolean())
    .map(([promised, accepted, chosen]): Instance => {
      if (!accepted) return { index, promised, accepted: null, value: null, chosen: false };
      const [acceptedBallot, drawn] = accepted;
      return {
        index,
        promised: maxBallot(promised, acceptedBallot),
        accepted: acceptedBallot,
        value: valueAt(index, drawn),
        chosen,
      };
    });

const instances = fc
  .uniqueArray(fc.integer({ min: 1, max: 8 }), { maxLength: 5 })
  .chain((indexes) => fc.tuple(...indexes.map(instance)));

describe('PLog shrink', () => {
  it('always yields a slim, well-formed record that keeps the newest instance', () => {
    fc.assert(
      fc.property(instances, (list) => {
        const shrunk = shrinkInstances(list);
        expect(isSlim(shrunk)).toBe(true);
        expect(checkRecordInvariants({ key: 'k', instances: shrunk, recent: [] })).toBeNull();
        const newest = Math.max(0, ...list.map((i) => i.index));
        expect(shrunk.at(-1)?.index ?? 0).toBe(newest);
        expect(shrinkInstances(shrunk)).toEqual(shrunk);
      }),
    );
  });

  it('storing instances one by one keeps the record slim and recent bounded and ascending', () => {
    fc.assert(
      fc.property(instances, fc.integer({ min: 1, max: 3 }), (list, recentMax) => {
        let record: KeyRecord = { key: 'k', instances: [], recent: [] };
        for (const next of list) {
          record = putInstance(record, next, recentMax);
          expect(checkRecordInvariants(record)).toBeNull();
          expect(record.recent.length).toBeLessThanOrEqual(recentMax);
        }
      }),
    );
  });
});
