import { describe, expect, it } from 'vitest';
import { ingest, ingestBatch, lostAfterMs } from '../../../renderer/store/ingest';
import type { ProcessChange } from '../../../renderer/store/ingest-console';
import { defaultViewLimits, emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { ballot, eventFactory } from './cluster-events';

const k = { key: 'k1', index: 1 };

function killed(nodeId: string, why: string): ProcessChange {
  return { type: 'processChanged', nodeId, down: { kind: 'killed', why } };
}

describe('ingest: messages', () => {
  it('pairs a send with its receive by message id and ends the flight', () => {
    const event = eventFactory();
    const sent = ingest(
      emptyObservedCluster(),
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'accept', peer: 'n1' }, k),
    );
    expect(sent.inFlight['n0:1']).toMatchObject({ from: 'n0', to: 'n1', state: 'flying', sendEventN: 1 });
    const received = ingest(
      sent,
      event('n1', { type: 'messageReceived', messageId: 'n0:1', messageType: 'accept', peer: 'n0' }, k),
    );
    expect(received.inFlight['n0:1']).toBeUndefined();
    expect(received.finished.at(-1)).toMatchObject({
      id: 'n0:1',
      state: 'delivered',
      sendEventN: 1,
      receiveEventN: 2,
      endN: 2,
    });
  });

  it('pairs a receive that arrives before its send in the merged stream', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n1', { type: 'messageReceived', messageId: 'n0:7', messageType: 'prepare', peer: 'n0' }, k),
      event('n0', { type: 'messageSent', messageId: 'n0:7', messageType: 'prepare', peer: 'n1' }, k),
    ]);
    expect(state.finished).toHaveLength(1);
    expect(state.finished[0]).toMatchObject({ from: 'n0', to: 'n1', state: 'delivered' });
    expect(state.inFlight).toEqual({});
  });

  it('keeps held messages in the air until released, and a release by drop ends them dropped', () => {
    const event = eventFactory();
    const fields = { messageId: 'n0:2', messageType: 'accept' as const, peer: 'n1' };
    const held = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'messageSent', ...fields }, k),
      event('n0', { type: 'messageHeld', ...fields }, k),
    ]);
    expect(held.inFlight['n0:2']!.state).toBe('held');
    const released = ingest(held, event('n0', { type: 'messageReleased', ...fields, action: 'duplicate' }));
    expect(released.inFlight['n0:2']).toMatchObject({ state: 'flying', duplicated: true });
    const dropped = ingest(held, event('n0', { type: 'messageReleased', ...fields, action: 'drop' }));
    expect(dropped.finished.at(-1)).toMatchObject({ state: 'dropped', dropReason: 'held-drop' });
  });

  it('reads the sender from the message id when a gate event happens on the receiving side', () => {
    const event = eventFactory();
    const state = ingest(
      emptyObservedCluster(),
      event('n1', {
        type: 'messageDropped',
        messageId: 'n0:3',
        messageType: 'promise',
        peer: 'n0',
        reason: 'partition',
      }),
    );
    expect(state.finished[0]).toMatchObject({
      from: 'n0',
      to: 'n1',
      state: 'dropped',
      dropReason: 'partition',
    });
  });

  it('marks delayed messages and ignores the second receive of a duplicated one', () => {
    const event = eventFactory();
    const fields = { messageId: 'n2:1', messageType: 'chosen' as const };
    const state = ingestBatch(emptyObservedCluster(), [
      event('n2', { type: 'messageSent', ...fields, peer: 'n4' }),
      event('n2', { type: 'messageDelayed', ...fields, peer: 'n4', delayMs: 250 }),
    ]);
    expect(state.inFlight['n2:1']).toMatchObject({ state: 'delayed', delayMs: 250 });
    const twice = ingestBatch(state, [
      event('n4', { type: 'messageReceived', ...fields, peer: 'n2' }),
      event('n4', { type: 'messageReceived', ...fields, peer: 'n2' }),
    ]);
    expect(twice.finished).toHaveLength(1);
    expect(twice.inFlight).toEqual({});
  });

  it('lets go of a message that never arrived after the longest possible delay', () => {
    const event = eventFactory();
    let state = ingest(
      emptyObservedCluster(),
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'prepare', peer: 'n1' }),
    );
    const later = Array.from({ length: 300 }, () =>
      event('n2', { type: 'readServed', how: 'local' }, { key: 'other', index: 1 }, lostAfterMs / 200),
    );
    state = ingestBatch(state, later);
    expect(state.inFlight).toEqual({});
    expect(state.finished[0]).toMatchObject({ id: 'n0:1', dropReason: 'never arrived' });
  });

  it('counts messages to a killed node as dropped, but leaves its own sends alone', () => {
    const event = eventFactory();
    let state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'messageSent', messageId: 'n0:1', messageType: 'accept', peer: 'n1' }),
      event('n1', { type: 'messageSent', messageId: 'n1:1', messageType: 'promise', peer: 'n0' }),
    ]);
    state = ingestBatch(state, [killed('n1', 'SIGKILL')]);
    expect(Object.keys(state.inFlight)).toEqual(['n1:1']);
    expect(state.finished[0]).toMatchObject({ id: 'n0:1', state: 'dropped', dropReason: 'peer-down' });
  });
});

describe('ingest: PLog rows', () => {
  it('follows one replica through promise, accept and chosen, highlighting each change', () => {
    const event = eventFactory();
    const b = ballot(1, 2);
    let state = ingest(
      emptyObservedCluster(),
      event('n3', { type: 'promised', peer: 'n1' }, { ...k, ballot: b }),
    );
    expect(state.keys.k1!.replicas.n3![0]).toMatchObject({
      promised: b,
      changedFields: ['promised'],
      changedN: 1,
    });
    state = ingest(state, event('n3', { type: 'acceptedValue', requestId: 'r1' }, { ...k, ballot: b }));
    expect(state.keys.k1!.replicas.n3![0]).toMatchObject({ accepted: b, requestId: 'r1', chosen: false });
    state = ingest(state, event('n3', { type: 'chosen', requestId: 'r1', version: 1 }, { ...k, ballot: b }));
    expect(state.keys.k1!.replicas.n3![0]).toMatchObject({
      chosen: true,
      version: 1,
      changedFields: ['chosen'],
      changedN: 3,
    });
    expect(state.lastWrittenKey).toBe('k1');
  });

  it('never lowers a promise when an older ballot is reported later', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'promised', peer: 'n1' }, { ...k, ballot: ballot(3, 1) }),
      event('n0', { type: 'promised', peer: 'n2' }, { ...k, ballot: ballot(2, 3) }),
    ]);
    expect(state.keys.k1!.replicas.n0![0]!.promised).toEqual(ballot(3, 1));
  });

  it('keeps only the newest rows per replica, ascending by index', () => {
    const event = eventFactory();
    const events = [5, 1, 3, 2, 4, 6].map((index) =>
      event(
        'n0',
        { type: 'chosen', requestId: `r${index}`, version: index },
        { key: 'k', index, ballot: ballot(1, 1) },
      ),
    );
    const state = ingestBatch(emptyObservedCluster(), events);
    expect(state.keys.k!.replicas.n0!.map((row) => row.index)).toEqual([3, 4, 5, 6]);
    expect(defaultViewLimits.plogRowsMax).toBe(4);
  });

  it('marks a caught-up replica chosen and says whom it learned from', () => {
    const event = eventFactory();
    const state = ingest(
      emptyObservedCluster(),
      event('n5', { type: 'catchUp', fromIndex: 2, peer: 'n0' }, { key: 'k1', index: 4 }),
    );
    expect(state.keys.k1!.replicas.n5![0]).toMatchObject({ index: 4, chosen: true, learnedFrom: 'n0' });
  });

  it('does not treat a read redo (empty request id) as the last written key', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event(
        'n0',
        { type: 'chosen', requestId: 'w', version: 1 },
        { key: 'written', index: 1, ballot: ballot(1, 1) },
      ),
      event(
        'n0',
        { type: 'proposalStarted', requestId: '', fast: false },
        { key: 'read', index: 2, ballot: ballot(2, 1) },
      ),
    ]);
    expect(state.lastWrittenKey).toBe('written');
  });

  it('marks the newest row synced when a synced PLog batch names the key', () => {
    const event = eventFactory();
    const state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'promised', peer: 'n1' }, { ...k, ballot: ballot(1, 2) }),
      event('n0', { type: 'plogWritten', keys: ['k1', 'unknown'], synced: true, durationMs: 0.3 }),
    ]);
    expect(state.keys.k1!.replicas.n0![0]!.syncedN).toBe(2);
    expect(state.keys.unknown).toBeUndefined();
  });
});

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
});

describe('ingest: console inputs', () => {
  it('draws a cut-off band while the partition isolates a node', () => {
    const event = eventFactory();
    let state = ingest(emptyObservedCluster(), event('n0', { type: 'nodeStarted', learnerOnly: false }));
    state = ingestBatch(state, [
      { type: 'partitionChanged', nodeId: 'n0', cutOff: true },
      { type: 'partitionChanged', nodeId: 'n0', cutOff: true },
    ]);
    state = ingestBatch(state, [event('n1', { type: 'nodeStarted', learnerOnly: false })]);
    state = ingestBatch(state, [{ type: 'partitionChanged', nodeId: 'n0', cutOff: false }]);
    expect(state.bands).toEqual([
      { node: 'n0', kind: 'cutOff', startN: 1, endN: 2, label: 'cut off by a partition' },
    ]);
  });

  it('takes a replica’s inspected PLog as the truth, keeping the highlight where it agrees', () => {
    const event = eventFactory();
    const b = ballot(1, 2);
    let state = ingestBatch(emptyObservedCluster(), [
      event('n0', { type: 'acceptedValue', requestId: 'r1' }, { ...k, ballot: b }),
      event('n0', { type: 'chosen', requestId: 'r1', version: 1 }, { ...k, ballot: b }),
    ]);
    const value = { requestId: 'r1', version: 1, deleted: false, text: 'hello' };
    state = ingestBatch(state, [
      {
        type: 'plogInspected',
        nodeId: 'n0',
        key: 'k1',
        instances: [
          { index: 1, promised: b, accepted: b, value, chosen: true },
          { index: 2, promised: ballot(3, 1), accepted: null, value: null, chosen: false },
        ],
      },
    ]);
    const [first, second] = state.keys.k1!.replicas.n0!;
    expect(first).toMatchObject({
      index: 1,
      value: 'hello',
      chosen: true,
      changedN: 2,
      changedFields: ['chosen'],
    });
    expect(second).toMatchObject({
      index: 2,
      promised: ballot(3, 1),
      changedFields: ['promised', 'accepted', 'chosen'],
    });
  });

  it('ignores an empty inspection of a key it has never seen on that replica', () => {
    const state = ingestBatch(emptyObservedCluster(), [
      { type: 'plogInspected', nodeId: 'n4', key: 'nothing', instances: [] },
    ]);
    expect(state.keys).toEqual({});
  });
});
