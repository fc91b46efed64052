/**
 * The simulated cluster's commands: start one (the console adopts it as it adopts spawned agents, so
 * every panel works on it), read its simulation view, and act on its time. Anything that replaces the
 * present (back, forward, a branch switch) hands the console what differs in the new present's events.
 */
import { contractFailure, invalidInput } from '../../app/contract/errors';
import type { SimulationAction, SimulationView } from '../../app/contract/simulation-commands';
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { NodeId } from '../../app/paxos/types';
import { nodeLocations } from '../../app/model/topology';
import { FieldError } from '../../app/util/field-error';
import type { ConsoleContext } from '../console/console-context';
import { presentDiff } from './present-diff';
import { runUntil } from './run-until';
import { simulatedRunFrom, startSimulatedSession, type StartSimulatedArgs } from './start-simulated';
import { SimulatedSession } from './simulated-session';
import { simulationView } from './simulation-view';

/** Starts a simulated cluster; the caller has made sure no other cluster is active. */
export async function startSimulated(context: ConsoleContext, input: StartSimulatedArgs) {
  const startedMs = performance.now();
  const run = simulatedRunFrom(input);
  const session = await startSimulatedSession(run, context.recorder.capacity, {
    onRewrite: (events, lastSeqs) => showPresent(context, events, lastSeqs),
    onChange: () => refreshNodesSoon(context),
  });
  context.clearEvents();
  context.setCluster({
    mode: 'simulated',
    phase: 'starting',
    topology: session.topology,
    runId: session.runId,
    dataDir: null,
    sync: 'always',
    error: null,
    traceName: null,
  });
  context.adoptSession(session);
  context.startWatching();
  context.setCluster({ phase: 'running', progress: null });
  if (!input.paused) session.clock.run();
  return {
    seed: session.seed,
    topology: session.topology,
    nodes: context.publisher.snapshot().nodes,
    readyMs: performance.now() - startedMs,
  };
}

export function requireSimulated(context: ConsoleContext): SimulatedSession {
  const session = context.requireSession();
  if (!(session instanceof SimulatedSession)) {
    throw contractFailure('NOT_SUPPORTED', '(cluster)', `the ${session.mode} cluster is not simulated`);
  }
  return session;
}

export function viewOf(context: ConsoleContext): SimulationView {
  const session = requireSimulated(context);
  return simulationView(session, session.lastRun);
}

/** One action on the run's time; every action but `run` leaves the clock paused, for stepping. */
export async function simulationAct(
  context: ConsoleContext,
  action: SimulationAction,
  replay: (seed: number) => Promise<void>,
): Promise<SimulationView> {
  const session = requireSimulated(context);
  const { cluster, clock } = session;
  if (action.action !== 'run') clock.pause();
  try {
    switch (action.action) {
      case 'run':
        clock.run();
        break;
      case 'pause':
        break;
      case 'step':
        cluster.input({ kind: 'step' });
        break;
      case 'deliver':
        cluster.input({ kind: 'deliver', wireId: action.wireId });
        break;
      case 'fireTimer':
        cluster.fireTimerAt(action.atMs);
        break;
      case 'back':
        cluster.back(action.steps);
        break;
      case 'forward':
        cluster.forward(action.steps);
        break;
      case 'runUntil':
        session.lastRun = runUntil(cluster, action.condition, action.stepsMax);
        break;
      case 'branch':
        cluster.branchHere();
        break;
      case 'switchBranch':
        cluster.switchBranch(action.branchId);
        break;
      case 'replay':
        await replay(action.seed);
        return viewOf(context);
    }
  } catch (error) {
    if (error instanceof FieldError) throw invalidInput(error);
    throw error;
  }
  return viewOf(context);
}

/**
 * The console shows the new present: events already through the merger go first, events still on
 * their way from the nodes are superseded, then only what differs travels (present-diff.ts); when
 * little is shared, the present goes whole.
 */
function showPresent(
  context: ConsoleContext,
  events: ClusterEvent[],
  lastSeqs: ReadonlyMap<NodeId, number>,
): void {
  context.merger.flush();
  for (const [node, seq] of lastSeqs) context.merger.skipThrough(node, seq);
  const diff = presentDiff(context.recorder.held(), events);
  if (diff) {
    context.rewindEvents(diff.dropped, diff.events);
    return;
  }
  context.clearEvents();
  if (events.length > 0) context.recordEvents(events);
}

const refreshing = new WeakSet<ConsoleContext>();

/** Node views follow crashes and restarts at once, not at the health monitor's next round. */
function refreshNodesSoon(context: ConsoleContext): void {
  if (refreshing.has(context)) return;
  refreshing.add(context);
  setTimeout(() => {
    refreshing.delete(context);
    const session = context.session;
    if (!session) return;
    for (const node of nodeLocations(session.topology)) void context.refreshHealth(node.id);
  }, 0);
}
