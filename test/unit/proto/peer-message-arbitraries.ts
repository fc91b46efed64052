/** fast-check generators for every core PeerMessage variant, within the wire limits. */
import fc from 'fast-check';
import type { Ballot, EntryValue, PeerMessage } from '../../../app/paxos/types';

export const nodeIdArbitrary = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/);
const countArbitrary = fc.maxSafeNat();
const keyArbitrary = fc.string({ unit: 'binary', maxLength: 40 });
const idArbitrary = fc.string({ minLength: 1, maxLength: 128 });

export const ballotArbitrary: fc.Arbitrary<Ballot> = fc.record({
  counter: countArbitrary,
  role: fc.integer({ min: 0, max: 255 }),
});

export const entryValueArbitrary: fc.Arbitrary<EntryValue> = fc.record({
  requestId: fc.string({ maxLength: 128 }),
  owner: nodeIdArbitrary,
  version: countArbitrary,
  deleted: fc.boolean(),
  data: fc.uint8Array({ maxLength: 64 }),
  requests: fc.array(
    fc.record({
      requestId: fc.string({ minLength: 1, maxLength: 16 }),
      version: fc.nat(),
      index: fc.nat(),
    }),
    { maxLength: 4 },
  ),
});

const headerArbitrary = fc.record({
  maxIndex: countArbitrary,
  chosenIndex: countArbitrary,
  version: countArbitrary,
});

const acceptedArbitrary = fc.option(fc.record({ accepted: ballotArbitrary, value: entryValueArbitrary }), {
  nil: null,
});

/** The type-specific part of each message. */
const bodyArbitrary = fc.oneof(
  fc.record({ type: fc.constant('prepare' as const), ballot: ballotArbitrary }),
  fc
    .record({
      type: fc.constantFrom('promise' as const, 'accepted' as const, 'fastAccepted' as const),
      ballot: ballotArbitrary,
      ok: fc.boolean(),
      promised: ballotArbitrary,
      acceptedPart: acceptedArbitrary,
    })
    .map(({ acceptedPart, ...reply }) => ({
      ...reply,
      accepted: acceptedPart?.accepted ?? null,
      value: acceptedPart?.value ?? null,
    })),
  fc.record({
    type: fc.constantFrom('accept' as const, 'fastAccept' as const, 'chosen' as const),
    ballot: ballotArbitrary,
    value: entryValueArbitrary,
  }),
  fc.record({ type: fc.constant('getChosen' as const) }),
  fc.record({ type: fc.constant('readProbe' as const), readId: idArbitrary }),
  fc.record({
    type: fc.constant('probeReply' as const),
    readId: idArbitrary,
    header: headerArbitrary,
    pending: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('keyScan' as const),
    afterKey: keyArbitrary,
    limit: fc.integer({ min: 1, max: 10_000 }),
  }),
  fc.record({
    type: fc.constant('keyScanReply' as const),
    entries: fc.array(
      fc.record({ key: keyArbitrary, maxIndex: countArbitrary, chosenIndex: countArbitrary }),
      {
        maxLength: 5,
      },
    ),
    nextAfterKey: fc.option(keyArbitrary, { nil: null }),
  }),
);

/** A batch of messages that all come from one sender, as one frame carries them. */
export const peerBatchArbitrary: fc.Arbitrary<{ from: string; messages: PeerMessage[] }> =
  nodeIdArbitrary.chain((from) =>
    fc.record({
      from: fc.constant(from),
      messages: fc.array(
        fc
          .record({
            id: idArbitrary,
            to: nodeIdArbitrary,
            key: keyArbitrary,
            index: countArbitrary,
            body: bodyArbitrary,
          })
          .map(({ body, ...base }): PeerMessage => ({ ...base, from, ...body })),
        { maxLength: 8 },
      ),
    }),
  );
