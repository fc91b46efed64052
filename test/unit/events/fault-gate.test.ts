import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { applyFaultChange, type FaultChangeInput, validateFaultChange } from '../../../app/model/fault-model';
import type { PeerMessage } from '../../../app/paxos/types';
import { EventStream } from '../../../node-agent/process/events/event-stream';
import { FaultGate } from '../../../node-agent/process/transport/fault-gate';

const nodes = ['n0', 'n1', 'n2'];

function prepare(from: string, to: string, counter: number): PeerMessage {
  return {
    type: 'prepare',
    id: `${from}:${counter}`,
    from,
    to,
    key: 'k',
    index: 1,
    ballot: { counter, role: 1 },
  };
}

/** A gate on `self` whose sends, deliveries and events are recorded; `draws` feeds its random(). */
function makeGate(self: string, draws: number[] = []) {
  const events = new EventStream(self, { ringCapacity: 1000, watcherQueueMax: 1000, now: () => 0 });
  const seen: ClusterEvent[] = [];
  events.watch(0, { write: (event) => (seen.push(event), true) });
  const sent: string[] = [];
  const delivered: string[] = [];
  const gate = new FaultGate({
    self,
    next: { send: (messages) => messages.forEach((m) => sent.push(m.id)) },
    deliver: (message) => delivered.push(message.id),
    events,
    random: () => draws.shift() ?? 0.5,
    now: () => 42,
  });
  const apply = (...changes: FaultChangeInput[]) => {
    for (const change of changes)
      gate.state = applyFaultChange(gate.state, validateFaultChange(change, nodes), nodes);
  };
  const types = () => seen.map((event) => `${event.type}${'reason' in event ? `:${event.reason}` : ''}`);
  return { gate, sent, delivered, seen, apply, types };
}

describe('FaultGate, sending side', () => {
  it('passes messages on and reports each send when healthy', () => {
    const { gate, sent, seen } = makeGate('n0');
    gate.send([prepare('n0', 'n1', 1), prepare('n0', 'n2', 2)]);
    expect(sent).toEqual(['n0:1', 'n0:2']);
    expect(seen[0]).toMatchObject({
      type: 'messageSent',
      messageId: 'n0:1',
      messageType: 'prepare',
      peer: 'n1',
      key: 'k',
      index: 1,
      ballot: { counter: 1, role: 1 },
    });
  });

  it('drops what the partition does not let through, and only that', () => {
    const { gate, sent, types, apply } = makeGate('n0');
    apply({ kind: 'partition', split: { sides: [['n0'], ['n1']] } });
    gate.send([prepare('n0', 'n1', 1), prepare('n0', 'n2', 2)]);
    expect(sent).toEqual(['n0:2']);
    expect(types()).toEqual(['messageSent', 'messageDropped:partition', 'messageSent']);
  });

  it('a one-way split cuts only the earlier side to the later one', () => {
    const n0 = makeGate('n0');
    const n1 = makeGate('n1');
    for (const side of [n0, n1])
      side.apply({ kind: 'partition', split: { sides: [['n0'], ['n1']], oneWay: true } });
    n0.gate.send([prepare('n0', 'n1', 1)]);
    n1.gate.send([prepare('n1', 'n0', 1)]);
    expect(n0.sent).toEqual([]);
    expect(n1.sent).toEqual(['n1:1']);
  });

  it('loses a message when the draw falls under the drop probability', () => {
    const { gate, sent, types, apply } = makeGate('n0', [0.2, 0.9]);
    apply({ kind: 'link', rule: { from: 'n0', to: 'n1', dropProbability: 0.5 } });
    gate.send([prepare('n0', 'n1', 1), prepare('n0', 'n1', 2), prepare('n0', 'n2', 3)]);
    expect(sent).toEqual(['n0:2', 'n0:3']);
    expect(types()).toContain('messageDropped:loss');
  });

  it('duplicates a message when the draw says so', () => {
    const { gate, sent, types, apply } = makeGate('n0', [0.1]);
    apply({ kind: 'link', rule: { from: 'n0', to: '*', duplicateProbability: 0.3 } });
    gate.send([prepare('n0', 'n2', 1)]);
    expect(sent).toEqual(['n0:1', 'n0:1']);
    expect(types()).toEqual(['messageSent', 'messageDuplicated']);
  });

  describe('with fake timers', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('delays by delayMs plus a jitter draw, and reports the delay', () => {
      const { gate, sent, seen, apply } = makeGate('n0', [0.5]);
      apply({ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 100, jitterMs: 40 } });
      gate.send([prepare('n0', 'n1', 1)]);
      expect(seen.at(-1)).toMatchObject({ type: 'messageDelayed', delayMs: 120 });
      vi.advanceTimersByTime(119);
      expect(sent).toEqual([]);
      vi.advanceTimersByTime(1);
      expect(sent).toEqual(['n0:1']);
    });

    it('close cancels what is still delayed', () => {
      const { gate, sent, apply } = makeGate('n0');
      apply({ kind: 'link', rule: { from: 'n0', to: 'n1', delayMs: 50 } });
      gate.send([prepare('n0', 'n1', 1)]);
      gate.close();
      vi.advanceTimersByTime(100);
      expect(sent).toEqual([]);
    });
  });
});

describe('FaultGate, hold and release', () => {
  it('holds messages on a held link, lists them oldest first, and lets each go as asked', () => {
    const { gate, sent, types, apply } = makeGate('n0');
    apply({ kind: 'hold', link: { from: 'n0', to: 'n1' } });
    gate.send([
      prepare('n0', 'n1', 1),
      prepare('n0', 'n1', 2),
      prepare('n0', 'n1', 3),
      prepare('n0', 'n2', 4),
    ]);
    expect(sent).toEqual(['n0:4']);
    expect(gate.listHeld().map((entry) => [entry.message.id, entry.heldAtMs])).toEqual([
      ['n0:1', 42],
      ['n0:2', 42],
      ['n0:3', 42],
    ]);
    expect(gate.release('n0:3', 'deliver')).toBe(true);
    expect(gate.release('n0:1', 'drop')).toBe(true);
    expect(gate.release('n0:2', 'duplicate')).toBe(true);
    expect(gate.release('n0:2', 'deliver')).toBe(false);
    expect(sent).toEqual(['n0:4', 'n0:3', 'n0:2', 'n0:2']);
    expect(gate.heldCount).toBe(0);
    expect(types().slice(-4)).toEqual([
      'messageReleased',
      'messageReleased',
      'messageDropped:held-drop',
      'messageReleased',
    ]);
  });

  it('keeps held messages held when the hold is lifted; new ones flow', () => {
    const { gate, sent, apply } = makeGate('n0');
    apply({ kind: 'hold' });
    gate.send([prepare('n0', 'n2', 1)]);
    apply({ kind: 'unhold' });
    gate.send([prepare('n0', 'n2', 2)]);
    expect(sent).toEqual(['n0:2']);
    expect(gate.heldCount).toBe(1);
  });
});

describe('FaultGate, receiving side', () => {
  it('delivers and reports receives, and drops what comes across the partition', () => {
    const { gate, delivered, seen, apply } = makeGate('n1');
    gate.receive(prepare('n0', 'n1', 1));
    expect(seen.at(-1)).toMatchObject({ type: 'messageReceived', messageId: 'n0:1', peer: 'n0' });
    apply({ kind: 'cut', from: 'n0', to: 'n1' });
    gate.receive(prepare('n0', 'n1', 2));
    gate.receive(prepare('n2', 'n1', 3));
    expect(delivered).toEqual(['n0:1', 'n2:3']);
    expect(seen.find((event) => event.type === 'messageDropped')).toMatchObject({
      messageId: 'n0:2',
      reason: 'partition',
    });
  });

  it('does not apply link rules on receipt, so nothing is dropped or delayed twice', () => {
    const { gate, delivered, apply } = makeGate('n1', [0]);
    apply({ kind: 'link', rule: { from: 'n0', to: 'n1', dropProbability: 1, delayMs: 500 } });
    apply({ kind: 'hold', link: { from: 'n0', to: 'n1' } });
    gate.receive(prepare('n0', 'n1', 1));
    expect(delivered).toEqual(['n0:1']);
  });
});
