/**
 * Agents the console found by address and did not start. It can read and write through them and watch
 * their health; it cannot kill, restart or pause them until ControlService offers those calls, so no
 * action is offered rather than a button that fails.
 */
import { contractFailure } from '../../app/contract/errors';
import type { NodeAction } from '../../app/contract/console-state';
import type { Topology } from '../../app/model/topology';
import type { ClusterSession, NodeProcess } from './cluster-session';

const external: NodeProcess = {
  process: 'external',
  pid: null,
  pausedBy: null,
  restarts: 0,
  exit: null,
  learnerOnly: false,
};

export class AttachedSession implements ClusterSession {
  readonly mode = 'attached';
  readonly runId = null;
  readonly dataDir = null;
  readonly sync = 'always';

  constructor(
    readonly topology: Topology,
    readonly token: string,
  ) {}

  processOf(): NodeProcess {
    return external;
  }

  actionsOf(): NodeAction[] {
    return [];
  }

  act(action: NodeAction, nodeId: string): Promise<void> {
    return Promise.reject(
      contractFailure(
        'NOT_SUPPORTED',
        'nodeId',
        `cannot ${action} ${nodeId}: the console did not start it and the agent offers no ${action} call yet`,
      ),
    );
  }

  logTail(): null {
    return null;
  }

  close(): Promise<number> {
    return Promise.resolve(0);
  }

  killAllNow(): void {}
}
