/**
 * The acceptor, table-driven: one node's record state × one incoming message → the reply it sends,
 * the record it keeps and whether the write must be synced.
 */
import { describe, expect, it } from 'vitest';
import { createNodeState, defaultCoreConfig, step } from '../../../app/paxos';
import type { Ballot, EntryValue, Instance, KeyRecord, PeerMessage } from '../../../app/paxos';
import { bytes, groups, keyWithReplicas } from './wire';

const { key, a, b, c } = keyWithReplicas();
const value = (requestId: string, owner = b, version = 1): EntryValue => ({
  requestId,
  owner,
  version,
  deleted: false,
  data: bytes(requestId),
  requests: [],
});
const ballot = (counter: number, role: number): Ballot => ({ counter, role });
const instance = (index: number, fields: Partial<Instance> = {}): Instance => ({
  index,
  promised: ballot(0, 0),
  accepted: null,
  value: null,
  chosen: false,
  ...fields,
});
const recordWith = (...instances: Instance[]): KeyRecord => ({ key, instances, recent: [] });

/** Node `a` holding `record`, stepped with one message; returns what it answered and kept. */
function deliver(record: KeyRecord | null, message: Record<string, unknown>) {
  const state = createNodeState(defaultCoreConfig(a, groups), { seed: 1, records: record ? [record] : [] });
  const full = { id: 'x:1', to: a, key, ...message } as unknown as PeerMessage;
  const { ready } = step(state, { kind: 'receive', message: full });
  const answer = ready.messages[0] as Record<string, unknown> | undefined;
  return { ready, record: state.records[key], answer };
}

const v1 = value('v1');
const v2 = value('v2', c);

describe('acceptor: prepare', () => {
  it.each([
    ['a fresh key', null, ballot(1, 2), true, ballot(1, 2), true],
    [
      'a lower promise',
      recordWith(instance(1, { promised: ballot(1, 3) })),
      ballot(2, 2),
      true,
      ballot(2, 2),
      true,
    ],
    [
      'an equal promise (duplicate)',
      recordWith(instance(1, { promised: ballot(1, 2) })),
      ballot(1, 2),
      true,
      ballot(1, 2),
      false,
    ],
    [
      'a higher promise',
      recordWith(instance(1, { promised: ballot(1, 3) })),
      ballot(1, 2),
      false,
      ballot(1, 3),
      false,
    ],
  ])('on %s: ok=%s', (_name, record, asked, ok, promisedAfter, persisted) => {
    const {
      ready,
      answer,
      record: kept,
    } = deliver(record, { type: 'prepare', from: b, index: 1, ballot: asked });
    expect(answer).toMatchObject({ type: 'promise', to: b, ok, ballot: asked, promised: promisedAfter });
    expect(kept?.instances[0]?.promised ?? ballot(0, 0)).toEqual(promisedAfter);
    expect(ready.persist.length > 0).toBe(persisted);
    expect(ready.mustSync).toBe(persisted);
    const types = ready.events.map((e) => e.type);
    expect(types).toContain(ok ? 'promised' : 'rejected');
  });

  it('reports the accepted ballot and value so the proposer can adopt it', () => {
    const record = recordWith(instance(1, { promised: ballot(1, 3), accepted: ballot(1, 3), value: v2 }));
    const { answer } = deliver(record, { type: 'prepare', from: b, index: 1, ballot: ballot(2, 2) });
    expect(answer).toMatchObject({ ok: true, accepted: ballot(1, 3), value: { requestId: 'v2' } });
  });

  it('names the ballot that beat a refused prepare', () => {
    const record = recordWith(instance(1, { promised: ballot(4, 3) }));
    const { ready } = deliver(record, { type: 'prepare', from: b, index: 1, ballot: ballot(2, 2) });
    expect(ready.events).toContainEqual(
      expect.objectContaining({ type: 'rejected', by: ballot(4, 3), ballot: ballot(2, 2), what: 'prepare' }),
    );
  });
});

describe('acceptor: accept and fast accept', () => {
  it.each([
    ['accept on a fresh key', null, 'accept', ballot(1, 2), true],
    [
      'accept at the promised ballot',
      recordWith(instance(1, { promised: ballot(1, 2) })),
      'accept',
      ballot(1, 2),
      true,
    ],
    [
      'accept below the promise',
      recordWith(instance(1, { promised: ballot(2, 3) })),
      'accept',
      ballot(1, 2),
      false,
    ],
    ['fast accept on a fresh key', null, 'fastAccept', ballot(0, 2), true],
    [
      'fast accept after a prepare promise',
      recordWith(instance(1, { promised: ballot(1, 3) })),
      'fastAccept',
      ballot(0, 2),
      false,
    ],
    [
      'fast accept where another value was accepted at a higher fast role',
      recordWith(instance(1, { promised: ballot(0, 1), accepted: ballot(0, 1), value: v2 })),
      'fastAccept',
      ballot(0, 2),
      false,
    ],
  ])('%s: ok=%s', (_name, record, type, asked, ok) => {
    const {
      ready,
      answer,
      record: kept,
    } = deliver(record, { type, from: b, index: 1, ballot: asked, value: v1 });
    expect(answer).toMatchObject({
      type: type === 'accept' ? 'accepted' : 'fastAccepted',
      ok,
      ballot: asked,
    });
    if (ok) {
      expect(kept?.instances[0]).toMatchObject({
        promised: asked,
        accepted: asked,
        value: { requestId: 'v1' },
      });
      expect(ready.mustSync).toBe(true);
    } else {
      expect(kept?.instances[0]?.value?.requestId).not.toBe('v1');
      expect(ready.persist).toEqual([]);
    }
  });

  it('grants a duplicate of the same accept without writing again', () => {
    const record = recordWith(instance(1, { promised: ballot(1, 2), accepted: ballot(1, 2), value: v1 }));
    const { ready, answer } = deliver(record, {
      type: 'accept',
      from: b,
      index: 1,
      ballot: ballot(1, 2),
      value: v1,
    });
    expect(answer).toMatchObject({ ok: true });
    expect(ready.persist).toEqual([]);
  });

  it('refuses a second value under a ballot it already accepted (a reused ballot after a wipe)', () => {
    const record = recordWith(instance(1, { promised: ballot(0, 2), accepted: ballot(0, 2), value: v1 }));
    const other = value('v-new');
    const { answer } = deliver(record, {
      type: 'fastAccept',
      from: b,
      index: 1,
      ballot: ballot(0, 2),
      value: other,
    });
    expect(answer).toMatchObject({ ok: false, value: { requestId: 'v1' } });
  });
});

describe('acceptor: stale messages, chosen and catch-up', () => {
  const chosenAt2 = recordWith(
    instance(2, { promised: ballot(1, 3), accepted: ballot(1, 3), value: v2, chosen: true }),
  );

  it.each(['prepare', 'accept', 'fastAccept'] as const)(
    'answers a stale %s with the newest chosen entry',
    (type) => {
      const asked = type === 'fastAccept' ? ballot(0, 2) : ballot(5, 2);
      const { answer, ready } = deliver(chosenAt2, { type, from: b, index: 1, ballot: asked, value: v1 });
      expect(answer).toMatchObject({ type: 'chosen', to: b, index: 2, value: { requestId: 'v2' } });
      expect(ready.persist).toEqual([]);
    },
  );

  it('still votes at an undecided index it holds below a newer one, never at one it dropped', () => {
    // Its record of #3 is intact, so this is ordinary Paxos at #3; refusing left a key stuck when the
    // only node that knew #3 chosen lost its disk (seed 181819224).
    const record = recordWith(
      instance(3, { promised: ballot(1, 3), accepted: ballot(1, 3), value: v2 }),
      instance(4, { promised: ballot(1, 3) }),
    );
    const held = deliver(record, { type: 'prepare', from: b, index: 3, ballot: ballot(9, 2) }).ready;
    expect(held.messages).toEqual([
      expect.objectContaining({ type: 'promise', index: 3, ok: true, accepted: ballot(1, 3), value: v2 }),
    ]);
    expect(held.persist).toHaveLength(1);
    const dropped = deliver(record, { type: 'prepare', from: b, index: 2, ballot: ballot(9, 2) }).ready;
    expect(dropped.messages).toEqual([]);
    expect(dropped.persist).toEqual([]);
  });

  it('a message above maxIndex creates the instance and marks the key behind when it skips', () => {
    const state = createNodeState(defaultCoreConfig(a, groups), { seed: 1, records: [chosenAt2] });
    const message = {
      id: 'x:1',
      from: b,
      to: a,
      key,
      type: 'prepare',
      index: 5,
      ballot: ballot(1, 2),
    } as const;
    step(state, { kind: 'receive', message });
    expect(state.records[key]?.instances.map((i) => i.index)).toEqual([5]);
    expect(state.behind[key]).toBe(true);
  });

  it('learns a chosen value for a pending instance, unsynced, and adds it to recent', () => {
    const record = recordWith(instance(1, { promised: ballot(1, 3), accepted: ballot(1, 3), value: v2 }));
    const { ready, record: kept } = deliver(record, {
      type: 'chosen',
      from: c,
      index: 1,
      ballot: ballot(1, 3),
      value: v2,
    });
    expect(kept?.instances[0]).toMatchObject({ chosen: true, value: { requestId: 'v2' } });
    expect(kept?.recent).toEqual([{ index: 1, requestId: 'v2', version: 1, deleted: false, owner: c }]);
    expect(ready.mustSync).toBe(false);
    expect(ready.events.map((e) => e.type)).toContain('chosen');
  });

  it('jumps to a newer chosen entry without replaying the ones between', () => {
    const { record: kept, ready } = deliver(chosenAt2, {
      type: 'chosen',
      from: c,
      index: 7,
      ballot: ballot(3, 3),
      value: value('v7', c, 7),
    });
    expect(kept?.instances.map((i) => [i.index, i.chosen])).toEqual([[7, true]]);
    expect(ready.events).toContainEqual(
      expect.objectContaining({ type: 'catchUp', index: 7, fromIndex: 2, peer: c }),
    );
  });

  it('answers getChosen with the newest chosen entry, and stays silent when it knows none', () => {
    expect(deliver(chosenAt2, { type: 'getChosen', from: c, index: 0 }).answer).toMatchObject({
      type: 'chosen',
      index: 2,
    });
    expect(deliver(null, { type: 'getChosen', from: c, index: 0 }).ready.messages).toEqual([]);
  });

  it('answers a read probe with its header and whether the newest instance is pending', () => {
    const record = recordWith(
      instance(2, { promised: ballot(1, 3), accepted: ballot(1, 3), value: v2, chosen: true }),
      instance(3, { promised: ballot(2, 2) }),
    );
    const { answer } = deliver(record, { type: 'readProbe', from: c, index: 0, readId: 'c:9' });
    expect(answer).toMatchObject({
      type: 'probeReply',
      readId: 'c:9',
      header: { maxIndex: 3, chosenIndex: 2, version: 1 },
      pending: true,
    });
  });
});
