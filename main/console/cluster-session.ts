/**
 * What the console service needs from a cluster, whether it spawned the agents, attached to running
 * ones or simulates the nodes: where each node is, its process as far as the console knows it, what
 * can be done to it, and its output when the console has it.
 */
import type { NodeAction, NodeView } from '../../app/contract/console-state';
import type { Topology } from '../../app/model/topology';
import type { AgentClient } from '../agents/agent-client';
import type { LogTail } from '../supervisor/log-tail';

/** Process-level actions; pause and resume are faults, which the console sends to any agent. */
export type ProcessAction = Exclude<NodeAction, 'pause' | 'resume'>;

export type NodeProcess = Pick<NodeView, 'restarts' | 'exit' | 'pid'> & {
  /** As far as the session knows; the console shows `paused` on top when the faults pause the node. */
  process: Exclude<NodeView['process'], 'paused'>;
  /** Started learner-only by the console (the agent's status says when it has relearned). */
  learnerOnly: boolean;
};

export interface ClusterSession {
  /** `simulated`: nodes of a run of app/simulator inside the console (main/simulated), no processes. */
  readonly mode: 'spawned' | 'attached' | 'simulated';
  readonly topology: Topology;
  readonly runId: string | null;
  readonly dataDir: string | null;
  readonly sync: 'always' | 'never';
  /** The token agents expect on control calls, or null when they expect none. */
  readonly token: string | null;
  processOf(nodeId: string): NodeProcess;
  actionsOf(nodeId: string): ProcessAction[];
  /** Does it; `client` is the agent's client, for actions done by RPC. */
  act(action: ProcessAction, nodeId: string, client: AgentClient): Promise<void>;
  /** The node's captured output, or null when the console did not start it. */
  logTail(nodeId: string): LogTail | null;
  /** Stops spawned agents or lets attached ones go; returns how many processes it stopped. */
  close(): Promise<number>;
  /** For exit handlers, which cannot wait: SIGKILL whatever the session started. */
  killAllNow(): void;
}
