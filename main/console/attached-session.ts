/**
 * Agents the console found by address and did not start. It reads and writes through them, watches
 * them, sets their faults and can crash one (ControlService.Crash, the kill of an attached agent); it
 * cannot restart or wipe what it did not start, so those actions are not offered.
 */
import { status } from '@grpc/grpc-js';
import type { Topology } from '../../app/model/topology';
import { contractFailure } from '../../app/contract/errors';
import type { AgentClient } from '../agents/agent-client';
import type { ClusterSession, NodeProcess, ProcessAction } from './cluster-session';

const external: NodeProcess = { process: 'external', pid: null, restarts: 0, exit: null, learnerOnly: false };

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

  actionsOf(): ProcessAction[] {
    return ['kill'];
  }

  /** Crash answers first and exits at once, so a lost connection counts as done too. */
  async act(action: ProcessAction, nodeId: string, client: AgentClient): Promise<void> {
    if (action !== 'kill') {
      throw contractFailure(
        'NOT_SUPPORTED',
        'nodeId',
        `cannot ${action} ${nodeId}: the console did not start it`,
      );
    }
    try {
      await client.control.crash();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== status.UNAVAILABLE && code !== status.CANCELLED) throw error;
    }
  }

  logTail(): null {
    return null;
  }

  close(): Promise<number> {
    return Promise.resolve(0);
  }

  killAllNow(): void {}
}
