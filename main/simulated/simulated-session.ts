/**
 * A simulated cluster as the console service sees any cluster (ClusterSession): every node a simulated
 * process of one run in this process, its services on 127.0.0.1. Kill, restart and wipe are the
 * simulation's crash, restart and wipe; there is no process id and no output to show.
 */
import type { Topology } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';
import type { ClusterSession, NodeProcess, ProcessAction } from '../console/cluster-session';
import type { SimClock } from './sim-clock';
import type { SimServers } from './sim-servers';
import type { SimulatedCluster } from './simulated-cluster';
import type { RunReport } from './simulation-view';

export class SimulatedSession implements ClusterSession {
  readonly mode = 'simulated';
  readonly dataDir = null;
  readonly sync = 'always';
  readonly token = null;
  /** The last run-until, for the panel. */
  lastRun: RunReport | null = null;

  constructor(
    readonly topology: Topology,
    readonly cluster: SimulatedCluster,
    readonly clock: SimClock,
    private readonly servers: SimServers,
  ) {}

  get seed(): number {
    return this.cluster.sim.state.seed;
  }

  get runId(): string {
    return `sim-${this.seed}`;
  }

  processOf(nodeId: NodeId): NodeProcess {
    const node = this.cluster.sim.state.nodes[nodeId];
    const core = node?.core ?? null;
    return {
      process: core ? 'running' : 'killed',
      pid: null,
      restarts: Math.max(0, (node?.incarnation ?? 1) - 1),
      exit: null,
      learnerOnly: core !== null && this.cluster.sim.protocol.isLearner(core),
    };
  }

  actionsOf(nodeId: NodeId): ProcessAction[] {
    return this.cluster.sim.state.nodes[nodeId]?.core
      ? ['kill', 'wipeAndRestart']
      : ['restart', 'wipeAndRestart'];
  }

  act(action: ProcessAction, nodeId: NodeId): Promise<void> {
    if (action === 'kill') this.cluster.crash(nodeId);
    else if (action === 'restart') this.cluster.restart(nodeId);
    else this.cluster.wipe(nodeId);
    return Promise.resolve();
  }

  logTail(): null {
    return null;
  }

  close(): Promise<number> {
    this.killAllNow();
    return Promise.resolve(0);
  }

  killAllNow(): void {
    this.clock.pause();
    this.servers.close();
    this.cluster.close();
  }
}
