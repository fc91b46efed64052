/** ingest: a message's send, gate and receive events paired by id. */
import { describe, expect, it } from 'vitest';
import { ingest, ingestBatch, lostAfterMs } from '../../../renderer/store/ingest';
import { emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { eventFactory, killed, onKey1 as k } from './cluster-events';

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
