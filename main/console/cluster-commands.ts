/**
 * The cluster-level commands: start (spawn or simulate), stop, attach, detach, and the node actions.
 * Each refuses clearly when the console is in the wrong mode, and every change reaches the renderer as
 * deltas.
 */
import type { CommandArgs, CommandOutput } from '../../app/contract/console-contract';
import type { NodeAction } from '../../app/contract/console-state';
import { contractFailure, ContractFailure } from '../../app/contract/errors';
import { ClusterSupervisor } from '../supervisor/cluster-supervisor';
import { withAddresses } from '../../app/model/topology-ports';
import { withFreePorts } from '../../node-agent';
import { nodeLocations, TopologyError, type Topology } from '../../app/model/topology';
import { refusedTokenReason } from '../agents/health-monitor';
import { AttachedSession } from './attached-session';
import type { ConsoleContext } from './console-context';
import { SpawnedSession } from './spawned-session';
import { topologyFromInput } from './topology-input';
import { requireSimulated, startSimulated } from '../simulated/simulation-commands';

export interface SpawnSettings {
  runsRoot: string;
  bundlePath?: string;
  readyTimeoutMs: number;
  /** Called with every supervisor the moment it exists, so exit handlers can reach it mid-start. */
  onSupervisor?: (supervisor: ClusterSupervisor | null) => void;
}

/** Refuses while a cluster runs; a trace being viewed simply makes way. */
export function requireNoCluster(context: ConsoleContext): void {
  if (context.session) {
    throw contractFailure(
      'CLUSTER_RUNNING',
      '(cluster)',
      `a ${context.session.mode} cluster is active; stop or detach it first`,
    );
  }
}

export async function startCluster(
  context: ConsoleContext,
  settings: SpawnSettings,
  input: CommandArgs<'startCluster'>,
): Promise<CommandOutput<'startCluster'>> {
  requireNoCluster(context);
  const given = topologyFromInput(input);
  const named = input.protocol ? { ...given, protocol: input.protocol } : given;
  const topology = input.ports === 'free' ? await withFreePorts(named) : named;
  const supervisor = ClusterSupervisor.create({
    topology,
    runsRoot: settings.runsRoot,
    sync: input.sync,
    readyTimeoutMs: settings.readyTimeoutMs,
    ...(settings.bundlePath ? { bundlePath: settings.bundlePath } : {}),
    onNodeChange: (node) => context.publishNode(node.id),
    onProgress: (readyCount, total, message) =>
      context.setCluster({ progress: { readyCount, total, message } }),
  });
  settings.onSupervisor?.(supervisor);
  const session = new SpawnedSession(supervisor, input.sync);
  context.clearEvents();
  context.setCluster({
    mode: 'spawned',
    phase: 'starting',
    topology,
    runId: session.runId,
    dataDir: session.dataDir,
    sync: input.sync,
    error: null,
    traceName: null,
  });
  context.adoptSession(session);
  try {
    await supervisor.startAll();
  } catch (error) {
    await context.releaseSession();
    settings.onSupervisor?.(null);
    const message = error instanceof Error ? error.message : String(error);
    context.setCluster({ phase: 'failed', progress: null, error: message, runId: null, dataDir: null });
    throw error instanceof ContractFailure ? error : contractFailure('AGENT_FAILED', '(cluster)', message);
  }
  context.startWatching();
  context.setCluster({ phase: 'running', progress: null });
  const nodes = context.publisher.snapshot().nodes;
  return { runId: session.runId, dataDir: session.dataDir, token: session.token, topology, nodes };
}

export async function stopCluster(
  context: ConsoleContext,
  settings: SpawnSettings,
): Promise<{ stopped: number }> {
  const session = context.requireSession();
  if (session.mode === 'attached') {
    throw contractFailure(
      'INVALID_STATE',
      '(cluster)',
      'the console did not start these agents; detach instead',
    );
  }
  context.setCluster({ phase: 'stopping' });
  const stopped = await context.releaseSession();
  settings.onSupervisor?.(null);
  context.setCluster({
    mode: 'none',
    phase: 'stopped',
    topology: null,
    runId: null,
    dataDir: null,
    progress: null,
  });
  return { stopped };
}

/** A simulated cluster (main/simulated): no agent processes, ready in well under a second. */
export async function startSimulatedCluster(
  context: ConsoleContext,
  input: CommandArgs<'startSimulatedCluster'>,
): Promise<CommandOutput<'startSimulatedCluster'>> {
  requireNoCluster(context);
  return startSimulated(context, input);
}

/** A fresh run of the simulated cluster's topology and protocol from `seed`, paused at its start. */
export async function replaySimulated(context: ConsoleContext, seed: number): Promise<void> {
  const session = requireSimulated(context);
  const topology = session.topology;
  await context.releaseSession();
  await startSimulated(context, {
    seed,
    groups: 1,
    protocol: topology.protocol,
    topology,
    paused: true,
  });
}

export async function attachCluster(
  context: ConsoleContext,
  input: CommandArgs<'attachCluster'>,
): Promise<CommandOutput<'attachCluster'>> {
  requireNoCluster(context);
  const named = topologyFromInput(input);
  const known = new Set(nodeLocations(named).map((node) => node.id));
  for (const nodeId of Object.keys(input.addresses)) {
    if (!known.has(nodeId))
      throw contractFailure('UNKNOWN_NODE', `addresses.${nodeId}`, `no node "${nodeId}" in the topology`);
  }
  const topology = addressedTopology(named, input.addresses);
  context.clearEvents();
  context.setCluster({
    mode: 'attached',
    phase: 'starting',
    topology,
    runId: null,
    dataDir: null,
    sync: 'always',
    error: null,
    traceName: null,
  });
  context.adoptSession(new AttachedSession(topology, input.token));
  context.startWatching();
  const answered = await Promise.all(
    [...known].map((nodeId) => context.refreshHealth(nodeId).then(() => context.nodeView(nodeId))),
  );
  if (answered.every((node) => node.health === 'unreachable')) {
    await context.releaseSession();
    context.setCluster({ mode: 'none', phase: 'stopped', topology: null });
    if (answered.some((node) => node.healthReason === refusedTokenReason)) {
      throw contractFailure('UNAUTHORIZED', 'token', 'the agents refused this token');
    }
    const where = answered.map((node) => node.address).join(', ');
    throw contractFailure('AGENT_FAILED', 'addresses', `no agent answered at ${where}`);
  }
  context.setCluster({ phase: 'running' });
  return { topology, nodes: context.publisher.snapshot().nodes };
}

/** The topology with the given addresses; a clash (two nodes on one address) names the addresses field. */
function addressedTopology(topology: Topology, addresses: Record<string, string>): Topology {
  try {
    return withAddresses(topology, addresses);
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    throw contractFailure('INVALID_INPUT', 'addresses', error.message, error.limit);
  }
}

export async function detachCluster(context: ConsoleContext): Promise<Record<string, never>> {
  const session = context.requireSession();
  if (session.mode !== 'attached') {
    throw contractFailure(
      'INVALID_STATE',
      '(cluster)',
      'the console started these agents; stop the cluster instead',
    );
  }
  await context.releaseSession();
  context.setCluster({ mode: 'none', phase: 'stopped', topology: null });
  return {};
}

/** Runs one node action, then probes the node so its view is current when the command answers. */
export async function nodeAction(context: ConsoleContext, action: NodeAction, nodeId: string) {
  const session = context.requireSession();
  const client = context.requireClient(nodeId);
  if (!context.actionsOf(nodeId).includes(action)) {
    const process = session.processOf(nodeId).process;
    const state = context.faults().isPaused(nodeId) ? 'paused' : process;
    const code =
      session.mode === 'attached' && action !== 'resume' && action !== 'pause'
        ? 'NOT_SUPPORTED'
        : 'INVALID_STATE';
    const reason = code === 'NOT_SUPPORTED' ? 'the console did not start it' : `it is ${state}`;
    throw contractFailure(code, 'nodeId', `cannot ${action} ${nodeId}: ${reason}`);
  }
  if (action === 'pause' || action === 'resume') {
    await context.faults().apply({ kind: action, node: nodeId });
    context.publishFaults();
    return context.nodeView(nodeId);
  }
  await session.act(action, nodeId, client);
  if (action === 'restart' || action === 'wipeAndRestart') await context.agentRestarted(nodeId);
  if (action !== 'kill') await context.refreshHealth(nodeId);
  return context.nodeView(nodeId);
}
