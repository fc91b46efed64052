import { describe, expect, it } from 'vitest';
import { captionOf } from '../../../app/model/captions';
import { parseClusterEvent } from '../../../app/model/cluster-event';
import { eventLifterFor } from '../../../app/model/from-protocol-event';
import type { MultiPaxosEvent } from '../../../app/multipaxos';
import { protocolNames, type ProtocolName } from '../../../app/protocol/protocol';
import { protocolNamed, type AnyEvent } from '../../../app/protocol/registry';
import type { QuorumEvent } from '../../../app/quorumkv';

/** One sample per kind; the mapped type makes a new event kind a compile error until it has samples here. */
type SamplesOf<E extends { type: string }> = { [K in E['type']]: Extract<E, { type: K }>[] };

const multiPaxosSamples: SamplesOf<MultiPaxosEvent> = {
  viewChange: [
    { type: 'viewChange', group: 'g0', view: 1, reason: 'leaderSilent' },
    { type: 'viewChange', group: 'g0', view: 4, reason: 'superseded' },
  ],
  leaderElected: [{ type: 'leaderElected', group: 'g0', view: 3, leader: 'n2', openSlots: 2 }],
  prepare: [{ type: 'prepare', group: 'g0', view: 3, commitPoint: 6 }],
  promise: [{ type: 'promise', group: 'g0', view: 3, peer: 'n3', entries: 1 }],
  slotAccepted: [
    // The leader's own proposal carries its tag leader/view/slot; an acceptor's does not match itself.
    { type: 'slotAccepted', group: 'g0', slot: 7, view: 3, tag: 'n2/3/7', command: 'put k1 (r7)' },
    { type: 'slotAccepted', group: 'g0', slot: 5, view: 3, tag: 'n0/0/5', command: 'put k1 (r5)' },
  ],
  slotChosen: [{ type: 'slotChosen', group: 'g0', slot: 7, view: 3, tag: 'n2/3/7', command: 'noop' }],
  slotApplied: (['noop', 'read', 'written', 'dedup', 'conflict', 'indeterminate'] as const).map((result) => ({
    type: 'slotApplied',
    group: 'g0',
    slot: 7,
    tag: 'n2/3/7',
    key: result === 'noop' ? null : 'k1',
    requestId: result === 'noop' ? null : 'r7',
    result,
    version: 4,
  })),
  noopFilled: [{ type: 'noopFilled', group: 'g0', slot: 6, view: 3 }],
  forwarded: [{ type: 'forwarded', group: 'g0', requestId: 'r7', peer: 'n2', view: 3 }],
  catchUp: [{ type: 'catchUp', group: 'g0', fromSlot: 4, toSlot: 9, peer: 'n3' }],
  learnerOnly: [
    { type: 'learnerOnly', group: 'g0', on: true, reason: 'relearning up to slot 9' },
    { type: 'learnerOnly', group: null, on: false, reason: 'every group relearned' },
  ],
  replied: [{ type: 'replied', key: 'k1', requestId: 'r7', ok: true, path: 'leader' }],
  inputRejected: [{ type: 'inputRejected', field: 'view', reason: 'must be an integer >= 0', peer: 'n4' }],
};

const quorumSamples: SamplesOf<QuorumEvent> = {
  replicaStored: [
    { type: 'replicaStored', key: 'k1', version: 4, requestId: 'c7', peer: 'n1' },
    { type: 'replicaStored', key: 'k1', version: 4, requestId: 'c7', peer: 'n2' },
    { type: 'replicaStored', key: 'k1', version: 4, requestId: '', peer: 'n2' },
  ],
  replicaRefused: [{ type: 'replicaRefused', key: 'k1', version: 3, newer: 4, peer: 'n2' }],
  quorumWrite: [{ type: 'quorumWrite', key: 'k1', version: 4, requestId: 'c7', replicas: ['n1', 'n2'] }],
  quorumRead: [{ type: 'quorumRead', key: 'k1', version: 4, replicas: ['n1', 'n3'] }],
  readRepair: [{ type: 'readRepair', key: 'k1', version: 4, peer: 'n3' }],
  replied: [{ type: 'replied', key: 'k1', requestId: 'c7', ok: false, code: 'UNAVAILABLE' }],
  inputRejected: [{ type: 'inputRejected', field: 'key', reason: 'must not be empty' }],
};

/** The caption a class reads for a core event, after it was stamped and validated as on the wire. */
function captionFor(protocol: ProtocolName, event: AnyEvent): string {
  const lifted = eventLifterFor(protocol)({ agent: 'n1', seq: 1, timeMs: 0 }, event);
  return captionOf(parseClusterEvent(lifted));
}

function casesOf(protocol: ProtocolName, samples: Record<string, AnyEvent[]>) {
  return Object.entries(samples).flatMap(([kind, events]) =>
    events.map((event, i) => [`${protocol} ${kind} #${i + 1}`, protocol, event] as const),
  );
}

describe('captions of QuorumKV and multi-Paxos events', () => {
  const cases = [...casesOf('multipaxos', multiPaxosSamples), ...casesOf('quorumkv', quorumSamples)];

  it.each(cases)('%s reads as a sentence about the node, not as trace text', (_name, protocol, event) => {
    const caption = captionFor(protocol, event);
    expect(caption).toMatch(/^n1\b/);
    expect(caption).toMatch(/[.:]$/);
    expect(caption).not.toContain(`(${protocol}):`);
  });

  const everyMessageType = [
    ...new Set(protocolNames.flatMap((name) => protocolNamed(name).messageTypes ?? [])),
  ];
  it.each(everyMessageType)('names a %s message in words (every registered protocol)', (type) => {
    const sent = {
      agent: 'n1',
      seq: 1,
      timeMs: 0,
      type: 'messageSent',
      messageId: 'n1:1',
      messageType: type,
      peer: 'n2',
    };
    expect(captionOf(parseClusterEvent(sent))).toMatch(/^n1 sends an? [a-z-]+( [a-z-]+)* to n2\.$/);
  });

  it('names the rule at work', () => {
    const [leaderAccepts, follows] = multiPaxosSamples.slotAccepted;
    const asLeader = eventLifterFor('multipaxos')({ agent: 'n2', seq: 1, timeMs: 0 }, leaderAccepts!);
    expect(captionOf(parseClusterEvent(asLeader))).toBe(
      'n2 is the leader of view 3, so it puts “put k1 (r7)” in slot 7 and asks for accepts: phase 2 only.',
    );
    expect(captionFor('multipaxos', follows!)).toContain('on disk before it answers the leader');
    expect(captionFor('multipaxos', multiPaxosSamples.noopFilled[0]!)).toContain(
      'fills the gap with a no-op',
    );
    expect(captionFor('multipaxos', multiPaxosSamples.viewChange[0]!)).toContain('round-robin view change');
    expect(captionFor('quorumkv', quorumSamples.quorumWrite[0]!)).toBe(
      "n1 stored k1 v4; with n2 that is W=2 of the key's 3 replicas, so the write is acknowledged — the third gets it later, or not at all while it is cut off.",
    );
    expect(captionFor('quorumkv', quorumSamples.replicaStored[2]!)).toContain('read repair');
    expect(captionFor('quorumkv', quorumSamples.quorumRead[0]!)).toContain(
      "n1 read k1 from its own copy and n3's, R=2 of the key's 3 replicas, and returns the highest version, v4",
    );
  });

  it('carries the leadership a leaderElected step announces, and none on other steps', () => {
    const lift = eventLifterFor('multipaxos');
    const elected = lift({ agent: 'n2', seq: 1, timeMs: 0 }, multiPaxosSamples.leaderElected[0]!);
    expect(parseClusterEvent(elected)).toMatchObject({ leadership: { group: 'g0', view: 3, leader: 'n2' } });
    const accepted = lift({ agent: 'n2', seq: 2, timeMs: 0 }, multiPaxosSamples.slotAccepted[0]!);
    expect(parseClusterEvent(accepted)).not.toHaveProperty('leadership');
  });
});
