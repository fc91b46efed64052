/**
 * The two rules that bound what a PaxosCertain replica remembers, checked on single cores fed by hand:
 * a wiped replica's earlier life is fenced (learner.ts: ask, claim, report, and messages from an older
 * incarnation ignored), and the PLog is a ring trimmed below the DB, with a snapshot for a replica
 * behind the trimmed point (trim.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  certain,
  type CertainMessage,
  type CertainNodeState,
  type CertainRecord,
  type EntryRecord,
} from '../../../app/certain';
import { holdsEntry } from '../../../app/certain/context';
import { checkCertainRecord, emptyDb, plogKey, plogRingSize } from '../../../app/certain/record';
import { plogKeptApplied } from '../../../app/certain/trim';
import { validateMessage } from '../../../app/certain/validate';
import { defaultCoreConfig, placeKey } from '../../../app/paxos';
import type { PlacementGroup } from '../../../app/paxos/types';

const groups: PlacementGroup[] = [{ id: 'g0', members: ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'] }];
const key = 'k1';
const [a, b, c] = placeKey(groups, key).replicas as [string, string, string];
const empty: EntryRecord = { prepared: 0, promised: 0, accepted: 0, value: null, chosen: false };
let seq = 0;

function message(from: string, to: string, fields: Partial<CertainMessage>): CertainMessage {
  seq += 1;
  return {
    id: `${from}:${seq}`,
    type: 'entryState',
    from,
    to,
    key,
    entry: 1,
    record: empty,
    view: empty,
    maxChosen: 0,
    incarnation: 0,
    learn: null,
    snapshot: null,
    ...fields,
  };
}

function node(id: string, records: CertainRecord[] = [], learnerOnly = false): CertainNodeState {
  return certain.createNode(defaultCoreConfig(id, groups), { seed: 1, records, learnerOnly });
}

/** The value chosen at every entry from 1 to `upTo`: a put of `v<entry>` from a. */
function chosenRows(upTo: number): CertainRecord[] {
  return Array.from({ length: upTo }, (_, i) => {
    const entry = i + 1;
    const value = {
      kind: 'client' as const,
      tag: `${a}:${entry}`,
      requestId: `c${entry}`,
      operation: { kind: 'put' as const, key, value: new TextEncoder().encode(`v${entry}`) },
      origin: a,
      attempt: `${a}:${entry}`,
      arrivedAtVersion: entry - 1,
    };
    return {
      key: plogKey(key, entry),
      kind: 'plog' as const,
      entity: key,
      entry,
      prepared: 0,
      promised: 1,
      accepted: 1,
      value,
      chosen: true,
    };
  });
}

describe('fencing a wiped replica’s earlier life', () => {
  it('answers an ask with the incarnation it knows and changes nothing', () => {
    const { ready } = certain.step(node(c), {
      kind: 'receive',
      message: message(b, c, { learn: { kind: 'ask', nonce: 7, count: 0 } }),
    });
    expect(ready.persist).toEqual([]);
    expect(ready.messages).toEqual([
      expect.objectContaining({ to: b, learn: { kind: 'known', nonce: 7, count: 0 } }),
    ]);
  });

  it('persists the fence (synced) before it reports on a claim, then ignores the earlier life', () => {
    const state = node(c);
    // c promised b's ballot 5 at entry 1 in b's earlier life, and holds its view of b.
    certain.step(state, {
      kind: 'receive',
      message: message(b, c, { record: { ...empty, prepared: 5, promised: 5 } }),
    });
    expect(state.entities[key]!.views[1]?.[b]).toMatchObject({ promised: 5 });
    const claim = certain.step(state, {
      kind: 'receive',
      message: message(b, c, { incarnation: 1, learn: { kind: 'claim', nonce: 9, count: 0 } }),
    }).ready;
    expect(claim.mustSync).toBe(true);
    expect(claim.persist).toEqual([
      expect.objectContaining({ record: expect.objectContaining({ kind: 'db', fences: { [b]: 1 } }) }),
    ]);
    // The report: its max chosen (0) and max_plog_entry (1: its promise there).
    expect(claim.messages).toEqual([
      expect.objectContaining({ to: b, learn: { kind: 'report', nonce: 9, count: 1 } }),
    ]);
    // Its views of b's earlier life no longer count.
    expect(state.entities[key]!.views[1]?.[b]).toBeUndefined();
    // A late accept of the earlier life (incarnation 0) is ignored, and said so.
    const late = certain.step(state, {
      kind: 'receive',
      message: message(b, c, {
        record: {
          prepared: 5,
          promised: 5,
          accepted: 5,
          value: { kind: 'noop', tag: 'old' },
          chosen: false,
        },
      }),
    }).ready;
    expect(late.persist).toEqual([]);
    expect(late.messages).toEqual([]);
    expect(late.events).toEqual([{ type: 'fenced', key, entry: 1, peer: b, incarnation: 0, fence: 1 }]);
    // A late claim of a lower incarnation does not lower the fence.
    const stale = certain.step(state, {
      kind: 'receive',
      message: message(b, c, { incarnation: 0, learn: { kind: 'claim', nonce: 3, count: 0 } }),
    }).ready;
    expect(stale.messages).toEqual([]);
    expect(state.entities[key]!.db.fences[b]).toBe(1);
  });

  it('a wiped replica claims the incarnation above all it is told, and its floor covers max_plog_entry', () => {
    const state = node(a, [], true);
    const first = certain.step(state, {
      kind: 'client',
      request: { requestId: 'c1', operation: { kind: 'get', key } },
    }).ready;
    expect(first.replies[0]).toMatchObject({ code: 'LEARNER_ONLY' });
    const asks = certain.step(state, { kind: 'tick', nowMs: 5 }).ready.messages;
    expect(asks.map((sent) => sent.learn?.kind)).toEqual(['ask', 'ask']);
    const nonce = asks[0]!.learn!.nonce;
    certain.step(state, {
      kind: 'receive',
      message: message(b, a, { learn: { kind: 'known', nonce, count: 2 } }),
    });
    certain.step(state, {
      kind: 'receive',
      message: message(c, a, { learn: { kind: 'known', nonce, count: 4 } }),
    });
    const claims = certain.step(state, { kind: 'tick', nowMs: 10 }).ready.messages;
    expect(claims.map((sent) => [sent.learn?.kind, sent.incarnation])).toEqual([
      ['claim', 5],
      ['claim', 5],
    ]);
    // b knows entry 1 chosen; c knows nothing chosen but holds a promise at entry 3.
    certain.step(state, {
      kind: 'receive',
      message: message(b, a, { entry: 2, maxChosen: 1, learn: { kind: 'report', nonce, count: 2 } }),
    });
    const done = certain.step(state, {
      kind: 'receive',
      message: message(c, a, { incarnation: 3, learn: { kind: 'report', nonce, count: 3 } }),
    }).ready;
    const db = state.entities[key]!.db;
    expect([db.learnedFloor, db.incarnation, db.fences]).toEqual([3, 5, { [b]: 0, [c]: 3 }]);
    expect(done.mustSync).toBe(true);
  });
});

describe('trimming the PLog', () => {
  it('keeps an entry in ring row e mod plogRingSize, writable only above the trimmed point', () => {
    expect(plogKey(key, 1)).toBe(plogKey(key, 1 + plogRingSize));
    const entity = { db: { ...emptyDb(key), committed: 40, trimmed: 24 } } as Parameters<
      typeof holdsEntry
    >[0];
    expect([24, 25, 56, 57].map((entry) => holdsEntry(entity, entry))).toEqual([false, true, true, false]);
    expect(checkCertainRecord({ ...emptyDb(key), committed: 3, trimmed: 4 })).toBe(
      'trimmed must not exceed committed',
    );
  });

  it(`applies, then keeps only the last ${plogKeptApplied} entries, and answers a replica behind with a snapshot`, () => {
    const state = node(b, chosenRows(20));
    const applied = certain.step(state, { kind: 'tick', nowMs: 5 }).ready;
    const entity = state.entities[key]!;
    expect([entity.db.committed, entity.db.trimmed]).toEqual([20, 20 - plogKeptApplied]);
    expect(Object.keys(entity.plog).map(Number)).toEqual(
      Array.from({ length: plogKeptApplied }, (_, i) => 20 - plogKeptApplied + 1 + i),
    );
    expect(applied.persist.map((row) => row.key)).toEqual([`db/${key}`]);
    // c is behind: it proposes at entry 1, which b trimmed. b does not adopt it; it sends its DB row.
    const answer = certain.step(state, {
      kind: 'receive',
      message: message(c, b, { record: { ...empty, prepared: 6, promised: 6 } }),
    }).ready;
    expect(answer.persist).toEqual([]);
    expect(answer.messages).toEqual([
      expect.objectContaining({
        to: c,
        entry: 1,
        record: empty,
        snapshot: expect.objectContaining({ committed: 20, version: 20 }),
      }),
    ]);
    expect(validateMessage(answer.messages[0], defaultCoreConfig(c, groups))).toBeNull();
    // c installs it: its DB jumps to entry 20, trimmed there, and it never votes below.
    const behind = node(c);
    const installed = certain.step(behind, { kind: 'receive', message: answer.messages[0]! }).ready;
    expect(installed.events).toEqual([{ type: 'snapshot', key, peer: b, fromEntry: 1, committed: 20 }]);
    expect(behind.entities[key]!.db).toMatchObject({ committed: 20, trimmed: 20, version: 20 });
    // A second copy changes nothing.
    const again = certain.step(behind, { kind: 'receive', message: answer.messages[0]! }).ready;
    expect(again.events).toEqual([]);
  });
});
