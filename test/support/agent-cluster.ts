/**
 * A real six-agent cluster for one test file whose tests stop, continue, kill, wipe and restart agents
 * themselves: the test cluster (test-cluster.ts: token, KV client, a ControlClient per agent) plus
 * every agent's events recorded from the start and the pids to signal. `PAXOSCOPE_AGENT_BUNDLE` runs
 * another agent build (for example one built from the commit before a fix), so a test can be shown to
 * fail on the code it guards against.
 */
import { rmSync } from 'node:fs';
import { continueProcess, isStopped, stopProcess } from '../../main/harness/process-signals';
import type { AgentSpawnOptions } from '../../node-agent/kit/launcher/agent-process';
import { ClusterEvents } from './cluster-events';
import { useTestCluster, type TestCluster } from './test-cluster';

export interface AgentControls {
  /** Every agent's events since it was first started (a restarted agent is watched again). */
  events: ClusterEvents;
  /** SIGSTOP; resolves once the kernel says the process stopped. */
  stop(nodeId: string): Promise<void>;
  /** SIGCONT. */
  cont(nodeId: string): Promise<void>;
  /** SIGKILL; resolves once the process is gone. */
  kill(nodeId: string): Promise<void>;
  /** Starts a node that is not running, on its disk, or on an empty one (learner-only) with `wipe`. */
  start(nodeId: string, options?: { wipe?: boolean; serving?: boolean }): Promise<void>;
  /** Starts every node a test left killed, so the file's next test finds all six up. */
  restartKilled(): Promise<void>;
}

export type AgentCluster = TestCluster & AgentControls;

/** The agent build to run: the repository's own unless PAXOSCOPE_AGENT_BUNDLE names another. */
function spawnExtras(): Partial<AgentSpawnOptions> {
  const bundlePath = process.env.PAXOSCOPE_AGENT_BUNDLE;
  return bundlePath ? { bundlePath } : {};
}

function agentControls({ cluster, nodeIds, control }: TestCluster): AgentControls {
  const events = new ClusterEvents(control);
  const pidOf = (nodeId: string) => {
    const pid = cluster.agent(nodeId).pid;
    if (pid === undefined || !cluster.agent(nodeId).running) throw new Error(`${nodeId} is not running`);
    return pid;
  };
  const start: AgentControls['start'] = async (nodeId, options = {}) => {
    if (options.wipe) rmSync(cluster.dataDir(nodeId), { recursive: true, force: true });
    const agent = await cluster.start(nodeId, { ...spawnExtras(), learnerOnly: options.wipe === true });
    if (options.serving) await agent.waitUntilReady(30_000, true);
    events.watch(nodeId);
  };
  return {
    events,
    stop: (nodeId) => stopProcess(pidOf(nodeId)),
    cont: (nodeId) => continueProcess(pidOf(nodeId)),
    kill: async (nodeId) => void (await cluster.agent(nodeId).kill()),
    start,
    restartKilled: async () => {
      for (const nodeId of nodeIds) {
        if (!cluster.agent(nodeId).running) await start(nodeId, { serving: true });
      }
    },
  };
}

/** Continues stopped agents (one would sit out SIGTERM until its grace period ends) and ends the watches. */
async function beforeStop({ cluster, events }: AgentCluster): Promise<void> {
  for (const agent of cluster.agents.values()) {
    if (agent.running && agent.pid !== undefined && isStopped(agent.pid) === true) {
      await continueProcess(agent.pid);
    }
  }
  events.stop();
}

/** Registers the cluster's start and teardown for the calling test file; the getter works in tests. */
export function useAgentCluster(name: string): () => AgentCluster {
  return useTestCluster(name, { spawn: spawnExtras(), extend: agentControls, beforeStop });
}
