import { describe, expect, it } from 'vitest';
import { ProtocolClock } from '../../../node-agent/process/runtime/protocol-clock';

/** A clock over a hand-moved real time. */
function clockAt(startMs: number) {
  let realMs = startMs;
  const clock = new ProtocolClock(() => realMs);
  return { clock, advance: (ms: number) => (realMs += ms) };
}

describe('ProtocolClock', () => {
  it('starts at real time and follows it at rate 1', () => {
    const { clock, advance } = clockAt(1_000);
    expect(clock.nowMs()).toBe(1_000);
    advance(250);
    expect(clock.nowMs()).toBe(1_250);
    expect(clock.rate).toBe(1);
  });

  it('stands still at rate 0 and goes on from the same instant when resumed', () => {
    const { clock, advance } = clockAt(0);
    advance(100);
    clock.setRate(0);
    expect(clock.stopped).toBe(true);
    advance(5_000);
    expect(clock.nowMs()).toBe(100);
    clock.setRate(1);
    expect(clock.nowMs()).toBe(100);
    advance(30);
    expect(clock.nowMs()).toBe(130);
  });

  it('runs a fraction of real time in slow motion, without a jump at either change', () => {
    const { clock, advance } = clockAt(0);
    advance(40);
    clock.setRate(0.1);
    expect(clock.nowMs()).toBe(40);
    advance(1_000);
    expect(clock.nowMs()).toBeCloseTo(140, 9);
    clock.setRate(1);
    expect(clock.nowMs()).toBeCloseTo(140, 9);
    advance(10);
    expect(clock.nowMs()).toBeCloseTo(150, 9);
  });

  it('never goes backwards across any sequence of rate changes', () => {
    const { clock, advance } = clockAt(0);
    let last = clock.nowMs();
    const rates = [0.5, 0, 1, 0.25, 0, 0, 1, 0.1, 1];
    for (const [i, rate] of rates.entries()) {
      advance(17 * (i + 1));
      const before = clock.nowMs();
      expect(before).toBeGreaterThanOrEqual(last);
      clock.setRate(rate);
      expect(clock.nowMs()).toBe(before);
      last = before;
    }
  });

  it('refuses a rate outside 0 to 1, naming the field, and keeps the one it had', () => {
    const { clock } = clockAt(0);
    clock.setRate(0.5);
    for (const bad of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => clock.setRate(bad)).toThrow(/^rate: must be a number from 0 \(stopped\) to 1/);
    }
    expect(clock.rate).toBe(0.5);
  });
});
