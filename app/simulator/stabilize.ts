/**
 * Runs a simulation until it is quiet: held messages are delivered oldest first, and time moves from
 * event to event until no message is on the wire and every running node has answered its clients.
 * Every step goes through the history as an ordinary input, so a stabilized run still replays.
 */
import { isPaused } from '../model/fault-model';
import { awaitingReply } from './client-calls';
import { SimulationError } from './inputs';
import type { History } from './time-travel';
import { nextEventAtMs } from './scheduler';
import { heldMessages, liveMessages } from './sim-network';
import type { SimState } from './sim-state';

/** Simulated time stabilize may spend before it gives up, in ms. */
export const stabilizeMsMax = 60_000;

/** No live message on the wire, and no call awaiting a reply from a running, unpaused node. */
export function isQuiet(state: SimState): boolean {
  if (liveMessages(state.network).length > 0) return false;
  return Object.values(state.calls).every(
    (call) => !awaitingReply(state, call) || isPaused(state.faults, call.node),
  );
}

export function stabilize(history: History, msMax = stabilizeMsMax): void {
  const sim = history.sim;
  const deadlineMs = sim.nowMs + msMax;
  for (;;) {
    const held = heldMessages(sim.state.network)[0];
    if (held) {
      history.apply({ kind: 'deliver', wireId: held.wireId });
      continue;
    }
    if (isQuiet(sim.state)) return;
    const nextMs = nextEventAtMs(sim.state.scheduler);
    if (nextMs === null || nextMs > deadlineMs) {
      throw new SimulationError('stabilize', `the cluster did not settle within ${msMax} ms`);
    }
    history.apply({ kind: 'advance', toMs: nextMs });
  }
}
