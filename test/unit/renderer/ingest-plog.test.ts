/** ingest: each replica's PLog rows, from events and from inspected records; partition bands. */
import { describe, expect, it } from 'vitest';
import { ingest, ingestBatch } from '../../../renderer/store/ingest';
import { defaultViewLimits, emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { ballot, eventFactory, onKey1 as k } from './cluster-events';

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
