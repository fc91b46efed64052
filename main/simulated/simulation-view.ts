/**
 * What the simulation panel shows, read from the run: the clock, the messages on the wire and the
 * timers due (each clickable), the safety checks with the first break on this path, and the branches.
 */
import type { PendingMessage, PendingTimer, SimulationView } from '../../app/contract/simulation-commands';
import { captionOf } from '../../app/model/captions';
import { nextEventAtMs } from '../../app/simulator/scheduler';
import type { Violation } from '../../app/simulator/violation';
import { pendingTimers } from './pending-timers';
import type { SimulatedSession } from './simulated-session';
import type { SimulatedCluster } from './simulated-cluster';

/** The panel lists at most this many messages and timers (the count says how many more there are). */
export const pendingShownMax = 200;

/** Every invariant the checkers watch, in the words the panel uses. */
const invariantLabels: Record<Violation['invariant'], string> = {
  'one-value-chosen': 'one value per index',
  'chosen-stable': 'chosen never changes',
  'promise-monotonic': 'promises never go down',
  'durable-promise-monotonic': 'durable promises never go down',
  'revealed-before-durable': 'persist before reveal',
  'applied-twice': 'each request applied once',
  'record-invariants': 'records well formed',
  'voter-before-relearned': 'a wiped node relearns before it votes',
};

export interface RunReport {
  condition: string;
  met: boolean;
  steps: number;
  note: string;
}

export function simulationView(session: SimulatedSession, lastRun: RunReport | null): SimulationView {
  const { cluster, clock } = session;
  const sim = cluster.sim;
  return {
    seed: sim.state.seed,
    protocol: sim.protocol.name,
    nodeCount: sim.state.nodeOrder.length,
    nowMs: sim.nowMs,
    stepCount: cluster.stepCount,
    running: clock.running,
    pace: clock.pace,
    holding: cluster.holding,
    stepsAhead: cluster.stepsAhead,
    messages: pendingMessages(cluster),
    timers: timersOf(session),
    nextEventAtMs: nextEventAtMs(sim.state.scheduler),
    invariants: invariants(cluster),
    invariantsChecked: sim.protocol.name === 'paxoskv',
    branches: cluster.tree.all().map((branch) => {
      const current = branch.id === cluster.tree.current.id;
      return {
        id: branch.id,
        parentId: branch.parentId,
        label: branch.label,
        forkStep: branch.forkStep,
        endStep: current ? cluster.stepCount + cluster.stepsAhead : branch.endStep,
        endMs: current ? sim.nowMs : branch.endMs,
      };
    }),
    currentBranchId: cluster.tree.current.id,
    lastRun,
  };
}

/** The last timers listed per run, by branch and step, so a paused panel's polls do not probe again. */
const listedTimers = new WeakMap<SimulatedCluster, { at: string; timers: PendingTimer[] }>();

function timersOf({ cluster, clock }: SimulatedSession): PendingTimer[] {
  if (clock.running) return pendingTimers(cluster.sim, pendingShownMax, false);
  const at = `${cluster.tree.current.id}:${cluster.stepCount}`;
  const listed = listedTimers.get(cluster);
  if (listed?.at === at) return listed.timers;
  const timers = pendingTimers(cluster.sim, pendingShownMax, true);
  listedTimers.set(cluster, { at, timers });
  return timers;
}

function pendingMessages(cluster: SimulatedCluster): PendingMessage[] {
  const text = cluster.sim.protocol.text.message;
  return cluster.sim
    .inFlight()
    .filter((wire) => !wire.dropped)
    .slice(0, pendingShownMax)
    .map((wire) => ({
      wireId: wire.wireId,
      from: wire.message.from,
      to: wire.message.to,
      type: wire.message.type,
      text: text(wire.message),
      sentAtMs: wire.sentAtMs,
      deliverAtMs: wire.deliverAtMs,
      held: wire.held,
    }));
}

function invariants(cluster: SimulatedCluster): SimulationView['invariants'] {
  const violations = cluster.violations();
  return (Object.keys(invariantLabels) as Violation['invariant'][]).map((id) => {
    const first = violations.find((violation) => violation.invariant === id);
    return {
      id,
      label: invariantLabels[id],
      ok: first === undefined,
      broken: first ? brokenAt(cluster, first) : null,
    };
  });
}

/** Where a check first broke: its step, and the events of that step, so the panel names the event. */
function brokenAt(cluster: SimulatedCluster, violation: Violation) {
  const step = cluster.violationStep(violation);
  const events = step === null ? [] : cluster.presentEvents().filter((tagged) => tagged.step === step);
  const during =
    events.length > 0
      ? ` (during: ${events
          .map((tagged) => captionOf(tagged.event))
          .slice(0, 3)
          .join('; ')})`
      : '';
  return { step: step ?? -1, atMs: violation.atMs, detail: `${violation.detail}${during}` };
}
