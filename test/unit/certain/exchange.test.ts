/**
 * The semi-symmetric exchange as pure rules on records (app/certain/exchange.ts) and the ballot bands
 * (app/certain/ballot.ts): a peer's record is a prepare, an accept or a commit depending on what it
 * holds, and the receiver's views alone say whether an entry is chosen or a proposal may accept.
 */
import { describe, expect, it } from 'vitest';
import { ballotOwner, isPreAuth, nextBallot, preAuthBallot } from '../../../app/certain/ballot';
import {
  adoptPeer,
  hasMajorityPromise,
  isBeaten,
  isChosenByViews,
  valueToAccept,
} from '../../../app/certain/exchange';
import { emptyEntry, isNewer } from '../../../app/certain/record';
import type { Command, EntryRecord } from '../../../app/certain/types';

const command = (requestId: string): Command => ({
  kind: 'client',
  tag: `n0:${requestId}`,
  requestId,
  operation: { kind: 'put', key: 'k', value: new TextEncoder().encode(requestId) },
  origin: 'n0',
  attempt: `n0:${requestId}`,
  arrivedAtVersion: 0,
});

const record = (fields: Partial<EntryRecord>): EntryRecord => ({ ...emptyEntry(), ...fields });
const v1 = command('c1');
const v2 = command('c2');

describe('ballots', () => {
  it('gives each of N replicas its own residue and keeps 1..N for pre-authorisation', () => {
    expect([0, 1, 2].map(preAuthBallot)).toEqual([1, 2, 3]);
    expect([1, 2, 3].every((ballot) => isPreAuth(ballot, 3))).toBe(true);
    expect(nextBallot(0, 0, 3)).toBe(4);
    expect(nextBallot(0, 2, 3)).toBe(6);
    expect(nextBallot(4, 1, 3)).toBe(8);
    expect(nextBallot(8, 1, 3)).toBe(11);
    for (let seen = 0; seen < 40; seen += 1) {
      for (let id = 0; id < 3; id += 1) {
        const ballot = nextBallot(seen, id, 3);
        expect(ballot).toBeGreaterThan(Math.max(seen, 3));
        expect(ballotOwner(ballot, 3)).toBe(id);
      }
    }
  });
});

describe('adopting a peer record', () => {
  it('raises the promise to a peer’s higher promise (a prepare needs no message of its own)', () => {
    expect(adoptPeer(record({ promised: 4 }), record({ prepared: 8, promised: 8 }), true)).toEqual(
      record({ promised: 8 }),
    );
  });

  it('accepts a peer’s accepted value when nothing higher was promised here', () => {
    const peer = record({ prepared: 5, promised: 5, accepted: 5, value: v1 });
    expect(adoptPeer(record({ promised: 5 }), peer, true)).toEqual(
      record({ promised: 5, accepted: 5, value: v1 }),
    );
  });

  it('refuses an accepted value below its promise, but keeps the promise it holds', () => {
    const own = record({ promised: 9 });
    const peer = record({ prepared: 5, promised: 5, accepted: 5, value: v1 });
    expect(adoptPeer(own, peer, true)).toBe(own);
  });

  it('takes a chosen value as chosen, and nothing changes a chosen record', () => {
    const chosen = record({ promised: 5, accepted: 5, value: v1, chosen: true });
    expect(adoptPeer(record({ promised: 9 }), chosen, true)).toEqual(
      record({ promised: 9, accepted: 5, value: v1, chosen: true }),
    );
    expect(adoptPeer(chosen, record({ promised: 12, accepted: 12, value: v2 }), true)).toBe(chosen);
  });

  it('does not vote where it may have forgotten votes (relearning), but still learns chosen values', () => {
    const own = emptyEntry();
    expect(adoptPeer(own, record({ prepared: 8, promised: 8 }), false)).toBe(own);
    expect(adoptPeer(own, record({ promised: 8, accepted: 8, value: v1, chosen: true }), false).chosen).toBe(
      true,
    );
  });
});

describe('what the views say', () => {
  it('is chosen once a majority holds the same accepted ballot', () => {
    const own = record({ prepared: 4, promised: 4, accepted: 4, value: v1 });
    expect(isChosenByViews(own, [record({ promised: 4 }), emptyEntry()], 2)).toBe(false);
    expect(isChosenByViews(own, [record({ promised: 4, accepted: 4, value: v1 }), emptyEntry()], 2)).toBe(
      true,
    );
  });

  it('has a majority promise only while its own proposal stands and is not yet accepted', () => {
    const own = record({ prepared: 4, promised: 4 });
    const promised = [record({ promised: 4 }), emptyEntry()];
    expect(hasMajorityPromise(own, promised, 2, true)).toBe(true);
    expect(hasMajorityPromise(own, promised, 2, false)).toBe(false);
    expect(hasMajorityPromise(record({ prepared: 4, promised: 7 }), promised, 2, true)).toBe(false);
    const accepted = record({ prepared: 4, promised: 4, accepted: 4, value: v1 });
    expect(hasMajorityPromise(accepted, promised, 2, true)).toBe(false);
    expect(isBeaten(own, [record({ promised: 5 })], 4)).toBe(true);
  });

  it('accepts the value accepted at the highest ballot it can see, else its own', () => {
    const own = record({ prepared: 10, promised: 10, accepted: 4, value: v1 });
    expect(valueToAccept(own, [record({ promised: 10, accepted: 7, value: v2 })], null)).toBe(v2);
    expect(valueToAccept(record({ prepared: 10, promised: 10 }), [record({ promised: 10 })], v1)).toBe(v1);
  });

  it('orders one acceptor’s records: a later record is newer, nothing is newer than chosen', () => {
    expect(isNewer(record({ promised: 5 }), record({ promised: 4 }))).toBe(true);
    expect(isNewer(record({ promised: 4 }), record({ promised: 4 }))).toBe(false);
    const chosen = record({ promised: 4, accepted: 4, value: v1, chosen: true });
    expect(isNewer(chosen, record({ promised: 9 }))).toBe(true);
    expect(isNewer(record({ promised: 99 }), chosen)).toBe(false);
  });
});
