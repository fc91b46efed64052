import { describe, expect, it } from 'vitest';
import type { Ballot, EntryValue, KeyRecord, PeerMessage, Ready } from '../../app/paxos/types';
import type { WireMessage } from '../../app/simulator/sim-network';
import { DurabilityChecker } from './durability-checker';
import { SafetyChecker } from './safety-checker';

const b = (counter: number, role: number): Ballot => ({ counter, role });
const value = (requestId: string): EntryValue => ({
  requestId,
  owner: 'n2',
  version: 1,
  deleted: false,
  data: new TextEncoder().encode(requestId),
});

function record(promised: Ballot, chosen: EntryValue | null = null): KeyRecord {
  const accepted = chosen ? promised : null;
  return {
    key: 'k1',
    instances: [{ index: 1, promised, accepted, value: chosen, chosen: chosen !== null }],
    recent: [],
  };
}

function wrote(...records: KeyRecord[]): Ready {
  return {
    persist: records.map((r) => ({ key: r.key, record: r })),
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
