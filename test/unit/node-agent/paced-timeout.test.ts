import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pacedTimeout } from '../../../node-agent/kit/grpc/paced-timeout';

describe('pacedTimeout', () => {
  let realMs = 0;
  const realNow = () => realMs;
  /** Moves real time and the timers together, one poll at a time. */
  const advance = (ms: number) => {
    for (let left = ms; left > 0; left -= 10) {
      realMs += 10;
      vi.advanceTimersByTime(10);
    }
  };
  beforeEach(() => {
    vi.useFakeTimers();
    realMs = 0;
  });
  afterEach(() => vi.useRealTimers());

  it('fires after its budget at rate 1', () => {
    const limit = pacedTimeout(100, () => 1, realNow, 10);
    advance(90);
    expect(limit.signal.aborted).toBe(false);
    advance(10);
    expect(limit.signal.aborted).toBe(true);
    expect((limit.signal.reason as Error).message).toBe('no answer within 100 ms of protocol time');
  });

  it('does not run down while the rate is 0, and goes on from where it stopped', () => {
    let rate = 1;
    const limit = pacedTimeout(100, () => rate, realNow, 10);
    advance(60);
    rate = 0;
    advance(10_000);
    expect(limit.signal.aborted).toBe(false);
    rate = 1;
    advance(30);
    expect(limit.signal.aborted).toBe(false);
    advance(10);
    expect(limit.signal.aborted).toBe(true);
  });

  it('runs down slowly in slow motion', () => {
    const limit = pacedTimeout(100, () => 0.1, realNow, 10);
    advance(900);
    expect(limit.signal.aborted).toBe(false);
    advance(100);
    expect(limit.signal.aborted).toBe(true);
  });

  it('never fires once cleared', () => {
    const limit = pacedTimeout(20, () => 1, realNow, 10);
    limit.clear();
    advance(100);
    expect(limit.signal.aborted).toBe(false);
  });
});
