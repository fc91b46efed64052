/** A cluster of agents the console spawned: the supervisor does the work, this names what is possible. */
import type { ClusterSupervisor, NodeProcessState } from '../supervisor/cluster-supervisor';
import type { ClusterSession, NodeProcess, ProcessAction } from './cluster-session';

const actionsByState: Record<NodeProcessState, ProcessAction[]> = {
  starting: ['kill', 'wipeAndRestart'],
  running: ['kill', 'wipeAndRestart'],
  killed: ['restart', 'wipeAndRestart'],
  exited: ['restart', 'wipeAndRestart'],
  stopped: ['restart', 'wipeAndRestart'],
};

export class SpawnedSession implements ClusterSession {
  readonly mode = 'spawned';

  constructor(
    private readonly supervisor: ClusterSupervisor,
    readonly sync: 'always' | 'never',
  ) {}

  get topology() {
    return this.supervisor.topology;
  }

  get runId() {
    return this.supervisor.run.runId;
  }

  get dataDir() {
    return this.supervisor.run.path;
  }

  get token() {
    return this.supervisor.token;
  }

  processOf(nodeId: string): NodeProcess {
    const { process, pid, restarts, exit, learnerOnly } = this.supervisor.node(nodeId);
    return { process, pid, restarts, exit, learnerOnly };
  }

  actionsOf(nodeId: string): ProcessAction[] {
    return actionsByState[this.supervisor.node(nodeId).process];
  }

  async act(action: ProcessAction, nodeId: string): Promise<void> {
    switch (action) {
      case 'kill':
        await this.supervisor.kill(nodeId);
        return;
      case 'restart':
        await this.supervisor.restart(nodeId);
        return;
      case 'wipeAndRestart':
        await this.supervisor.wipeAndRestart(nodeId);
        return;
    }
  }

  logTail(nodeId: string) {
    return this.supervisor.logTail(nodeId);
  }

  close(): Promise<number> {
    return this.supervisor.stop();
  }

  killAllNow(): void {
    this.supervisor.killAllNow();
  }
}
