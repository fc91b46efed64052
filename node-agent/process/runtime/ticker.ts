/**
 * Turns time into the core's `tick` inputs: round timeouts, backoff, request deadlines and the
 * background catch-up all advance only on ticks. The time is the protocol clock's, so when a person
 * slows or stops it (protocol-clock.ts) every timer of the core slows or stops with it.
 */
import type { AnyInput } from '../../../app/protocol/registry';
import { ProtocolClock } from './protocol-clock';

/** A few milliseconds: fine enough for 50 ms rounds, cheap enough for six agents on two cores. */
export const tickIntervalMs = 5;

export interface Ticker {
  stop(): void;
}

export function startTicker(
  submit: (input: AnyInput) => unknown,
  intervalMs = tickIntervalMs,
  clock: Pick<ProtocolClock, 'nowMs'> = new ProtocolClock(),
): Ticker {
  const timer = setInterval(() => submit({ kind: 'tick', nowMs: clock.nowMs() }), intervalMs);
  return { stop: () => clearInterval(timer) };
}
