/**
 * Turns real time into the core's `tick` inputs: round timeouts, backoff, request deadlines and the
 * background catch-up all advance only on ticks.
 */
import type { CoreInput } from '../../app/paxos/types';
import { monotonicNowMs } from './clock';

/** A few milliseconds: fine enough for 50 ms rounds, cheap enough for six agents on two cores. */
export const tickIntervalMs = 5;

export interface Ticker {
  stop(): void;
}

export function startTicker(
  submit: (input: CoreInput) => unknown,
  intervalMs = tickIntervalMs,
  now: () => number = monotonicNowMs,
): Ticker {
  const timer = setInterval(() => submit({ kind: 'tick', nowMs: now() }), intervalMs);
  return { stop: () => clearInterval(timer) };
}
