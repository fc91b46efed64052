/**
 * A real six-agent cluster for one test file whose tests stop, continue, kill, wipe and restart agents
 * themselves: a token, a ControlClient per agent, every agent's events recorded from the start, and
 * the pids to signal. `PAXOSCOPE_AGENT_BUNDLE` runs another agent build (for example one built from
 * the commit before a fix), so a test can be shown to fail on the code it guards against.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { nodeLocations, type Topology } from '../../app/model/topology';
import { continueProcess, isStopped, stopProcess } from '../../main/harness/process-signals';
import { ControlClient } from '../../node-agent/kit/client/control-client';
import { ClusterKvClient, kvAttemptTimeoutMs } from '../../node-agent/kit/client/kv-client';
import type { AgentSpawnOptions } from '../../node-agent/kit/launcher/agent-process';
import { LocalCluster } from '../../node-agent/kit/launcher/local-cluster';
import { ClusterEvents } from './cluster-events';
import { freeDefaultTopology } from './test-cluster';

export interface AgentCluster {
  cluster: LocalCluster;
  topology: Topology;
  nodeIds: string[];
  kv: ClusterKvClient;
  control: Map<string, ControlClient>;
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

/** The agent build to run: the repository's own unless PAXOSCOPE_AGENT_BUNDLE names another. */
function spawnExtras(): Partial<AgentSpawnOptions> {
  const bundlePath = process.env.PAXOSCOPE_AGENT_BUNDLE;
  return bundlePath ? { bundlePath } : {};
}

/** Registers the cluster's start and teardown for the calling test file; the getter works in tests. */
export function useAgentCluster(name: string): () => AgentCluster {
  let started: AgentCluster | null = null;
  let dataRoot: string | null = null;
  let cluster: LocalCluster | null = null;
  const killOnExit = () => cluster?.killAllNow();
  beforeAll(async () => {
    const topology = await freeDefaultTopology();
    const token = randomBytes(18).toString('hex');
    dataRoot = mkdtempSync(join(tmpdir(), `paxoscope-${name}-`));
    const running = new LocalCluster({ topology, dataRoot, token });
    cluster = running;
    process.once('exit', killOnExit);
    const nodeIds = nodeLocations(topology).map((node) => node.id);
    await Promise.all(nodeIds.map((nodeId) => running.start(nodeId, spawnExtras())));
    const control = new Map(
      nodeIds.map((nodeId) => [nodeId, new ControlClient(running.address(nodeId), token)]),
    );
    const events = new ClusterEvents(control);
    const pidOf = (nodeId: string) => {
      const pid = running.agent(nodeId).pid;
      if (pid === undefined || !running.agent(nodeId).running) throw new Error(`${nodeId} is not running`);
      return pid;
    };
    started = {
      cluster: running,
      topology,
      nodeIds,
      kv: new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs }),
      control,
      events,
      stop: (nodeId) => stopProcess(pidOf(nodeId)),
      cont: (nodeId) => continueProcess(pidOf(nodeId)),
      kill: async (nodeId) => void (await running.agent(nodeId).kill()),
      start: async (nodeId, options = {}) => {
        if (options.wipe) rmSync(running.dataDir(nodeId), { recursive: true, force: true });
        const agent = await running.start(nodeId, { ...spawnExtras(), learnerOnly: options.wipe === true });
        if (options.serving) await agent.waitUntilReady(30_000, true);
        events.watch(nodeId);
      },
      restartKilled: async () => {
        for (const nodeId of nodeIds) {
          if (!running.agent(nodeId).running) await started!.start(nodeId, { serving: true });
        }
      },
    };
  }, 90_000);
  afterAll(async () => {
    // A stopped agent would sit out SIGTERM until its grace period ends.
    for (const agent of cluster?.agents.values() ?? []) {
      if (agent.running && agent.pid !== undefined && isStopped(agent.pid) === true) {
        await continueProcess(agent.pid);
      }
    }
    started?.events.stop();
    started?.kv.close();
    for (const client of started?.control.values() ?? []) client.close();
    await cluster?.stopAll(2000);
    process.off('exit', killOnExit);
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });
  return () => {
    if (!started) throw new Error(`agent cluster "${name}" is not running (did its start fail?)`);
    return started;
  };
}
