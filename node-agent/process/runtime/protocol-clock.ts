/**
 * The time the core's ticks carry. It runs at `rate` times real time: 1 normally, a fraction for slow
 * motion in a classroom, 0 to stand still while a person steps messages through by hand. A rate change
 * never makes it jump: it goes on from where it was, so no timer fires early and none goes backwards.
 */
import { FieldError } from '../../../app/util/field-error';
import { monotonicNowMs } from './clock';

/** Protocol time never runs faster than real time (the core's timeouts are tuned for real time). */
export const protocolRateMax = 1;

export class ProtocolClock {
  private rateNow = protocolRateMax;
  /** Real and protocol time at the last rate change. */
  private realBaseMs: number;
  private protocolBaseMs: number;

  /** Starts at real time, so at rate 1 protocol time is exactly the monotonic clock. */
  constructor(private readonly realNowMs: () => number = monotonicNowMs) {
    this.realBaseMs = realNowMs();
    this.protocolBaseMs = this.realBaseMs;
  }

  get rate(): number {
    return this.rateNow;
  }

  get stopped(): boolean {
    return this.rateNow === 0;
  }

  nowMs(): number {
    return this.protocolBaseMs + (this.realNowMs() - this.realBaseMs) * this.rateNow;
  }

  /** Throws a FieldError naming `rate` unless it is a number from 0 to protocolRateMax. */
  setRate(rate: number): void {
    checkProtocolRate(rate);
    if (rate === this.rateNow) return;
    const realMs = this.realNowMs();
    this.protocolBaseMs += (realMs - this.realBaseMs) * this.rateNow;
    this.realBaseMs = realMs;
    this.rateNow = rate;
  }
}

/** Throws a FieldError naming `rate` and the bound it broke unless it is from 0 to protocolRateMax. */
export function checkProtocolRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > protocolRateMax) {
    const limit = rate < 0 ? 0 : protocolRateMax;
    throw new FieldError(
      'rate',
      `must be a number from 0 (stopped) to ${protocolRateMax} (real time), got ${rate}`,
      limit,
    );
  }
}
