import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import {
  applyFaultChange,
  healthyFaultState,
  validateFaultChange,
  type FaultChangeInput,
  type FaultState,
} from '../../../app/model/fault-model';
import { ControlArgumentError } from '../../../node-agent/process/control/control-errors';
import { ProtocolPace } from '../../../node-agent/process/control/protocol-pace';
import { EventStream } from '../../../node-agent/process/events/event-stream';
import { ProtocolClock } from '../../../node-agent/process/runtime/protocol-clock';

const nodes = ['n0', 'n1', 'n2'];

/** A pace over a hand-moved clock and a hand-set hold (fault state and held count). */
function makePace() {
  let realMs = 0;
  const clock = new ProtocolClock(() => realMs);
  const hold: { state: FaultState; heldCount: number } = { state: healthyFaultState(), heldCount: 0 };
  const events = new EventStream('n0', { ringCapacity: 100, watcherQueueMax: 100, now: () => 0 });
  const seen: ClusterEvent[] = [];
  events.watch(0, { write: (event) => (seen.push(event), true) });
  const pace = new ProtocolPace(clock, hold, events);
  const apply = (change: FaultChangeInput) => {
    hold.state = applyFaultChange(hold.state, validateFaultChange(change, nodes), nodes);
    pace.refresh();
  };
  const advance = (ms: number) => (realMs += ms);
  const paceEvents = () => seen.filter((event) => event.type === 'protocolPace');
  return { clock, hold, pace, apply, advance, paceEvents };
}

describe('ProtocolPace', () => {
  it('stops protocol time while a link is held anywhere, and resumes it when the hold is lifted', () => {
    const { clock, pace, apply, advance, paceEvents } = makePace();
    apply({ kind: 'hold', link: { from: 'n1', to: 'n2' } });
    expect(pace.snapshot()).toEqual({ rate: 0, requestedRate: 1, holding: true });
    const stoppedAt = clock.nowMs();
    advance(3_000);
    expect(clock.nowMs()).toBe(stoppedAt);
    apply({ kind: 'unhold', link: { from: 'n1', to: 'n2' } });
    expect(pace.snapshot()).toEqual({ rate: 1, requestedRate: 1, holding: false });
    expect(paceEvents().map((event) => event.type === 'protocolPace' && [event.rate, event.holding])).toEqual(
      [
        [0, true],
        [1, false],
      ],
    );
  });

  it('stays stopped after the hold is lifted while this gate still holds messages', () => {
    const { hold, pace, apply } = makePace();
    apply({ kind: 'hold' });
    hold.heldCount = 2;
    apply({ kind: 'unhold' });
    expect(pace.snapshot().rate).toBe(0);
    hold.heldCount = 0;
    pace.refresh();
    expect(pace.snapshot().rate).toBe(1);
  });

  it('keeps a rate set by hand, lets hold mode override it, and returns to it afterwards', () => {
    const { pace, apply, paceEvents } = makePace();
    expect(pace.set(0.1)).toEqual({ rate: 0.1, requestedRate: 0.1, holding: false });
    apply({ kind: 'hold' });
    expect(pace.snapshot()).toEqual({ rate: 0, requestedRate: 0.1, holding: true });
    expect(pace.set(0.5)).toEqual({ rate: 0, requestedRate: 0.5, holding: true });
    apply({ kind: 'unhold' });
    expect(pace.snapshot().rate).toBe(0.5);
    expect(paceEvents()).toHaveLength(3);
  });

  it('refuses a missing or out-of-range rate with an error naming the field', () => {
    const { pace } = makePace();
    expect(() => pace.set(undefined)).toThrow(ControlArgumentError);
    expect(() => pace.set(undefined)).toThrow(/^rate: is required/);
    expect(() => pace.set(2)).toThrow(
      /^rate: must be a number from 0 \(stopped\) to 1 \(real time\), got 2$/,
    );
    expect(pace.snapshot().requestedRate).toBe(1);
  });
});
