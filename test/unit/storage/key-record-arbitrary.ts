/** fast-check generators for KeyRecords in every slim shape the core keeps. */
import fc from 'fast-check';
import type { AppliedRequest, Ballot, ChosenSummary, Instance, KeyRecord } from '../../../app/paxos/types';
import { ballotArbitrary, entryValueArbitrary, nodeIdArbitrary } from '../proto/peer-message-arbitraries';

type InstanceKind = 'empty' | 'accepted' | 'chosen';

/** A promised ballot at or above `accepted`, as an acceptor's record always has. */
function promisedAtOrAbove(accepted: Ballot): fc.Arbitrary<Ballot> {
  return fc.nat({ max: 1000 }).map((extra) => ({ counter: accepted.counter + extra, role: accepted.role }));
}

function instanceArbitrary(index: number, kind: InstanceKind): fc.Arbitrary<Instance> {
  if (kind === 'empty') {
    return ballotArbitrary.map((promised) => ({
      index,
      promised,
      accepted: null,
      value: null,
      chosen: false,
    }));
  }
  const accepted = fc.record({ counter: fc.nat({ max: 2 ** 40 }), role: fc.integer({ min: 1, max: 3 }) });
  return fc
    .tuple(
      accepted.chain((ballot) => fc.tuple(fc.constant(ballot), promisedAtOrAbove(ballot))),
      entryValueArbitrary,
    )
    .map(([[ballot, promised], value]) => ({
      index,
      promised,
      accepted: ballot,
      value: { ...value, requests: windowBelow(index, value.requests) },
      chosen: kind === 'chosen',
    }));
}

/** A dedup window as the core keeps one: ascending entries, all below the value's own index. */
function windowBelow(index: number, requests: readonly AppliedRequest[]): AppliedRequest[] {
  const kept = requests.slice(Math.max(0, requests.length - (index - 1)));
  return kept.map((request, i) => ({ ...request, index: index - kept.length + i }));
}

/** The shapes isSlim accepts, as (older, newer) instance kinds. */
const slimShapes: InstanceKind[][] = [
  [],
  ['empty'],
  ['accepted'],
  ['chosen'],
  ['chosen', 'empty'],
  ['chosen', 'accepted'],
  ['accepted', 'empty'],
];

const summaryArbitrary = (index: number): fc.Arbitrary<ChosenSummary> =>
  fc.record({
    index: fc.constant(index),
    requestId: fc.string({ maxLength: 40 }),
    version: fc.nat(),
    deleted: fc.boolean(),
    owner: nodeIdArbitrary,
  });

export const keyRecordArbitrary: fc.Arbitrary<KeyRecord> = fc
  .record({
    key: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
    shape: fc.constantFrom(...slimShapes),
    firstIndex: fc.integer({ min: 1, max: 2 ** 40 }),
    recentCount: fc.nat({ max: 4 }),
  })
  .chain(({ key, shape, firstIndex, recentCount }) =>
    fc.record({
      key: fc.constant(key),
      instances: fc.tuple(...shape.map((kind, i) => instanceArbitrary(firstIndex + i, kind))),
      recent: fc.tuple(
        ...Array.from({ length: recentCount }, (_, i) =>
          summaryArbitrary(Math.max(1, firstIndex - recentCount) + i),
        ),
      ),
    }),
  );
