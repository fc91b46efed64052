import { describe, expect, it } from 'vitest';
import type { Ballot, EntryValue, KeyRecord, PeerMessage, Ready } from '../../app/paxos/types';
import type { WireMessage } from '../../app/simulator/sim-network';
import { DurabilityChecker } from '../../app/simulator/durability-checker';
import { SafetyChecker } from '../../app/simulator/safety-checker';

const b = (counter: number, role: number): Ballot => ({ counter, role });
const value = (requestId: string, version = 1): EntryValue => ({
  requestId,
  owner: 'n2',
  version,
  deleted: false,
  data: new TextEncoder().encode(requestId),
  requests: [],
});

function record(promised: Ballot, chosen: EntryValue | null = null, index = 1): KeyRecord {
  const accepted = chosen ? promised : null;
  return {
    key: 'k1',
    instances: [{ index, promised, accepted, value: chosen, chosen: chosen !== null }],
    recent: [],
  };
}

function wrote(...records: KeyRecord[]): Ready {
  return {
    persist: records.map((r) => ({ key: r.key, record: r })),
    meta: null,
    mustSync: true,
    messages: [],
    replies: [],
    events: [],
  };
}

function wire(message: PeerMessage): WireMessage {
  return { wireId: 1, message, sentAtMs: 0, deliverAtMs: 1, dropped: null, held: false, duplicateOf: null };
}

const tick = { kind: 'tick', nowMs: 0 } as const;

describe('sweep checkers', () => {
  it('see two values chosen at one index on two nodes', () => {
    const checker = new SafetyChecker();
    checker.onStep(1, 'n2', tick, wrote(record(b(1, 1), value('c1'))));
    checker.onStep(2, 'n4', tick, wrote(record(b(1, 2), value('c2'))));
    expect(checker.violations.map((v) => v.invariant)).toEqual(['one-value-chosen']);
  });

  it('see a written promise go down, in a plain or a chosen record', () => {
    const checker = new SafetyChecker();
    checker.onStep(1, 'n2', tick, wrote(record(b(3, 1))));
    checker.onStep(2, 'n2', tick, wrote(record(b(2, 3))));
    checker.onStep(3, 'n4', tick, wrote(record(b(3, 1))));
    checker.onStep(4, 'n4', tick, wrote(record(b(2, 3), value('c1'))));
    expect(checker.violations.map((v) => [v.atMs, v.invariant])).toEqual([
      [2, 'promise-monotonic'],
      [4, 'promise-monotonic'],
    ]);
  });

  it('see one request chosen at two indexes (applied twice), but not a no-op', () => {
    const checker = new SafetyChecker();
    checker.onStep(1, 'n2', tick, wrote(record(b(1, 1), value('c1', 1), 1)));
    checker.onStep(2, 'n2', tick, wrote(record(b(1, 1), value('', 1), 2)));
    checker.onStep(3, 'n4', tick, wrote(record(b(1, 1), value('', 1), 3)));
    checker.onStep(4, 'n4', tick, wrote(record(b(1, 2), value('c1', 2), 4)));
    expect(checker.violations.map((v) => [v.atMs, v.invariant, v.detail])).toEqual([
      [4, 'applied-twice', 'c1 was chosen at k1#1 and again at k1#4'],
    ]);
  });

  it('see two chosen values at one index that differ only in their dedup window', () => {
    const checker = new SafetyChecker();
    const remembered = { ...value('c2', 2), requests: [{ requestId: 'c1', version: 1, index: 1 }] };
    checker.onStep(1, 'n2', tick, wrote(record(b(1, 1), remembered, 2)));
    checker.onStep(2, 'n4', tick, wrote(record(b(1, 1), value('c2', 2), 2)));
    expect(checker.violations.map((v) => v.invariant)).toEqual(['one-value-chosen']);
  });

  it('see a wiped node start as a voter before it wrote that relearning completed', () => {
    const checker = new SafetyChecker();
    const start = (learnerOnly: boolean) => ({ kind: 'start' as const, learnerOnly, records: [] });
    checker.onLifecycle(1, 'n2', start(true));
    checker.onLifecycle(2, 'n2', start(true));
    checker.onStep(3, 'n2', tick, { ...wrote(), meta: { learnerOnly: false } });
    checker.onLifecycle(4, 'n2', start(false));
    checker.onLifecycle(5, 'n4', start(true));
    checker.onLifecycle(6, 'n4', start(false));
    expect(checker.violations.map((v) => [v.atMs, v.invariant])).toEqual([[6, 'voter-before-relearned']]);
  });

  it('see a durable promise go down across a restart', () => {
    const checker = new SafetyChecker();
    checker.onDurable(1, 'n2', [record(b(3, 1))]);
    checker.onLifecycle(2, 'n2', { kind: 'start', learnerOnly: false, records: [record(b(3, 1))] });
    checker.onDurable(3, 'n2', [record(b(1, 1))]);
    expect(checker.violations.map((v) => v.invariant)).toEqual(['durable-promise-monotonic']);
  });

  it('see a promise revealed before it was durable', () => {
    const checker = new DurabilityChecker();
    const promise: PeerMessage = {
      type: 'promise',
      id: 'n4:1',
      from: 'n4',
      to: 'n2',
      key: 'k1',
      index: 1,
      ballot: b(2, 1),
      ok: true,
      promised: b(2, 1),
      accepted: null,
      value: null,
    };
    checker.onDurable(0, 'n4', [record(b(1, 1))]);
    checker.onSend(1, wire(promise));
    checker.onDurable(2, 'n4', [record(b(2, 1))]);
    checker.onSend(3, wire(promise));
    expect(checker.violations.map((v) => [v.atMs, v.invariant])).toEqual([[1, 'revealed-before-durable']]);
  });
});
