/** ingest: node lifecycles and bands, counters, purity and the bounds that keep memory flat. */
import { describe, expect, it } from 'vitest';
import { ingest, ingestBatch } from '../../../renderer/store/ingest';
import { defaultViewLimits, emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { ballot, eventFactory, killed, onKey1 as k } from './cluster-events';

describe('ingest: nodes and bands', () => {
  it('tracks a node through pause, resume and stop with bands for the timeline', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(['n0']), [
      event('n0', { type: 'nodeStarted', learnerOnly: false }),
      event('n0', { type: 'nodePaused' }),
      event('n0', { type: 'nodeResumed' }),
      event('n0', { type: 'nodeStopped', reason: 'SIGTERM' }),
    ]);
    expect(state.nodes.n0).toMatchObject({ lifecycle: 'stopped', stoppedReason: 'SIGTERM', lastSeq: 4 });
    expect(state.bands).toEqual([
      { node: 'n0', kind: 'paused', startN: 2, endN: 3, label: 'paused' },
      { node: 'n0', kind: 'stopped', startN: 4, endN: null, label: 'SIGTERM' },
    ]);
  });

  it('opens a killed band from main once, and closes it when the process runs again', () => {
    const event = eventFactory();
    let state = ingest(emptyObservedCluster(), event('n2', { type: 'nodeStarted', learnerOnly: false }));
    state = ingestBatch(state, [killed('n2', 'killed from the console'), killed('n2', 'again')]);
    expect(state.bands).toHaveLength(1);
    state = ingestBatch(state, [{ type: 'processChanged', nodeId: 'n2', down: null }]);
    expect(state.bands[0]).toMatchObject({ kind: 'killed', endN: 1 });
  });

  it('keeps a learner-only band from a wiped restart until the node has relearned', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n4', { type: 'nodeStarted', learnerOnly: true }),
      event('n4', { type: 'learnerOnly', on: false, reason: 'relearned' }),
    ]);
    expect(state.nodes.n4!.learnerOnly).toBe(false);
    expect(state.bands[0]).toMatchObject({ kind: 'learnerOnly', startN: 1, endN: 2 });
  });

  it('adds up the events an agent reports dropping', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n1', { type: 'eventsDropped', count: 10 }),
      event('n1', { type: 'eventsDropped', count: 5 }),
    ]);
    expect(state.nodes.n1!.eventsDropped).toBe(15);
  });
});

describe('ingest: node counters', () => {
  it('counts proposals (fast ones too), promises, accepts and messages per node', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'proposalStarted', requestId: 'a', fast: true }, { ...k, ballot: ballot(0, 1) }),
      event('n0', { type: 'proposalStarted', requestId: 'b', fast: false }, { ...k, ballot: ballot(1, 1) }),
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'prepare', peer: 'n1' }),
      event('n1', { type: 'promised', peer: 'n0' }, { ...k, ballot: ballot(1, 1) }),
    ]);
    expect(state.nodes.n0!.counters).toMatchObject({ proposals: 2, fastProposals: 1, messagesSent: 1 });
    expect(state.nodes.n1!.counters).toMatchObject({ promises: 1, proposals: 0 });
  });

  it("counts another protocol's steps by their own names, leaving PaxosKV's counters alone", () => {
    const event = eventFactory();
    const step = (name: string) =>
      ({ type: 'protocolStep', protocol: 'quorumkv', step: name, text: name }) as const;
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', step('quorumWrite'), k),
      event('n0', step('replicaStored'), k),
      event('n0', step('quorumWrite'), k),
    ]);
    expect(state.nodes.n0!.counters.protocolSteps).toEqual({ quorumWrite: 2, replicaStored: 1 });
    expect(state.nodes.n0!.counters).toMatchObject({ proposals: 0, chosen: 0 });
  });
});

describe('ingest: purity and bounds', () => {
  it('never changes the state it is given', () => {
    const event = eventFactory();
    const before = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'accept', peer: 'n1' }, k),
      event('n1', { type: 'promised', peer: 'n0' }, { ...k, ballot: ballot(1, 1) }),
    ]);
    const frozen = structuredClone(before);
    ingestBatch(before, [
      event('n1', { type: 'messageReceived', messageId: 'n0:1', messageType: 'accept', peer: 'n0' }, k),
      event('n1', { type: 'acceptedValue', requestId: 'r' }, { ...k, ballot: ballot(1, 1) }),
      event('n1', { type: 'nodePaused' }),
    ]);
    expect(before).toEqual(frozen);
  });

  it('gives the same result one event at a time as in one batch', () => {
    const event = eventFactory();
    const events = [
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'prepare', peer: 'n1' }, k),
      event('n1', { type: 'messageReceived', messageId: 'n0:1', messageType: 'prepare', peer: 'n0' }, k),
      event('n1', { type: 'promised', peer: 'n0' }, { ...k, ballot: ballot(1, 1) }),
      event('n1', { type: 'nodePaused' }),
    ];
    const oneByOne = events.reduce((state, e) => ingest(state, e), emptyObservedCluster());
    expect(oneByOne).toEqual(ingestBatch(emptyObservedCluster(), events));
  });

  it('keeps the recent window, finished messages and keys within their limits', () => {
    const event = eventFactory();
    const limits = { ...defaultViewLimits, recentMax: 10, finishedMax: 5, keysMax: 20 };
    const events = Array.from({ length: 100 }, (_, i) => [
      event('n0', { type: 'messageSent', messageId: `n0:${i}`, messageType: 'prepare', peer: 'n1' }),
      event('n1', { type: 'messageReceived', messageId: `n0:${i}`, messageType: 'prepare', peer: 'n0' }),
      event('n0', { type: 'promised', peer: 'n1' }, { key: `key${i}`, index: 1, ballot: ballot(1, 1) }),
    ]).flat();
    const state = ingestBatch(emptyObservedCluster(), events, limits);
    expect(state.recent).toHaveLength(10);
    expect(state.recent.map((e) => e.n)).toEqual([291, 292, 293, 294, 295, 296, 297, 298, 299, 300]);
    expect(state.finished).toHaveLength(5);
    expect(Object.keys(state.keys).length).toBeLessThanOrEqual(22);
    expect(state.keys.key99).toBeDefined();
  });
});
