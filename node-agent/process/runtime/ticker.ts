/**
 * Turns time into the core's `tick` inputs: round timeouts, backoff, request deadlines and the
 * background catch-up all advance only on ticks. The time is the protocol clock's, so when a person
 * slows or stops it (protocol-clock.ts) every timer of the core slows or stops with it.
 */
import type { AnyInput } from '../../../app/protocol/registry';
import { ProtocolClock } from './protocol-clock';

/**
 * Fine enough for the agents' rounds (200 ms, PaxosKV's 500: agent-wiring.ts) and the core's backoffs;
 * every tick is a step of the core, so it is also what idle agents cost: at 5 ms, three idle agents
 * used 0.043-0.045 cores, at 10 ms 0.027-0.029 (alternating runs, 2026-12-03, docs/agent-cpu-per-op.md).
 */
export const tickIntervalMs = 10;

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
