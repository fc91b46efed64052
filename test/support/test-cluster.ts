/**
 * A real cluster for one test file: every agent of the default topology shape as a process on
 * 127.0.0.1, on free ports, with a cluster token and data under a temporary directory, a KV client and
 * a ControlClient per agent. Agents are stopped and the directory removed after the file; agents are
 * SIGKILLed if the test process exits some other way, and they also exit by themselves when this
 * process dies, because their stdin (a pipe from here) closes. A test file that needs more (signals,
 * recorded events, writes through one agent) adds its helpers with `extend`, as agent-cluster.ts and
 * integration/events/control-cluster.ts do.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { defaultTopology, nodeLocations, type Topology } from '../../app/model/topology';
import type { ProtocolName } from '../../app/protocol/protocol';
import { ControlClient } from '../../node-agent/kit/client/control-client';
import { ClusterKvClient, kvAttemptTimeoutMs } from '../../node-agent/kit/client/kv-client';
import type { AgentSpawnOptions } from '../../node-agent/kit/launcher/agent-process';
import { LocalCluster } from '../../node-agent/kit/launcher/local-cluster';
import { withFreePorts } from '../../node-agent/kit/launcher/free-ports';

/** The default topology's shape (3 DCs x 2 nodes), moved onto ports that are free now. */
export async function freeDefaultTopology(): Promise<Topology> {
  return withFreePorts(defaultTopology());
}

export interface TestCluster {
  cluster: LocalCluster;
  topology: Topology;
  nodeIds: string[];
  /** Talks to the agents like the KV command line does. */
  kv: ClusterKvClient;
  /** The cluster token every agent requires on ControlService calls and inbound peer streams. */
  token: string;
  /** A client with the token for each agent. */
  control: Map<string, ControlClient>;
}

export interface TestClusterOptions<Extra> {
  /** The protocol the topology names (default PaxosKV). */
  protocol?: ProtocolName;
  /** Flags every agent gets on its command line. */
  extraArgs?: string[];
  /** How every start of an agent is spawned, for example from another agent build. */
  spawn?: Partial<AgentSpawnOptions>;
  /** The test file's own helpers, built once every agent answers. */
  extend?(base: TestCluster): Extra;
  /** The first step of the teardown, before the clients close and the agents stop. */
  beforeStop?(started: TestCluster & Extra): Promise<void> | void;
}

/**
 * Registers the cluster's start (beforeAll) and teardown (afterAll) for the calling test file; call it
 * at the top level of the file. The returned getter works inside tests.
 */
export function useTestCluster<Extra extends object = object>(
  name: string,
  options: TestClusterOptions<Extra> = {},
): () => TestCluster & Extra {
  let started: (TestCluster & Extra) | null = null;
  let dataRoot: string | null = null;
  let cluster: LocalCluster | null = null;
  const killOnExit = () => cluster?.killAllNow();
  beforeAll(async () => {
    const topology = { ...(await freeDefaultTopology()), protocol: options.protocol ?? 'paxoskv' };
    const token = randomBytes(18).toString('hex');
    dataRoot = mkdtempSync(join(tmpdir(), `paxoscope-${name}-`));
    const running = new LocalCluster({ topology, dataRoot, token, extraArgs: options.extraArgs ?? [] });
    cluster = running;
    process.once('exit', killOnExit);
    const nodeIds = nodeLocations(topology).map((node) => node.id);
    await Promise.all(nodeIds.map((nodeId) => running.start(nodeId, options.spawn)));
    const base: TestCluster = {
      cluster: running,
      topology,
      nodeIds,
      kv: new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs }),
      token,
      control: new Map(nodeIds.map((nodeId) => [nodeId, new ControlClient(running.address(nodeId), token)])),
    };
    started = { ...base, ...(options.extend?.(base) ?? ({} as Extra)) };
  }, 90_000);
  afterAll(async () => {
    if (started) await options.beforeStop?.(started);
    started?.kv.close();
    for (const client of started?.control.values() ?? []) client.close();
    await cluster?.stopAll(2000);
    process.off('exit', killOnExit);
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });
  return () => {
    if (!started) throw new Error(`test cluster "${name}" is not running (did its start fail?)`);
    return started;
  };
}
