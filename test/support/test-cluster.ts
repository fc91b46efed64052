/**
 * A real cluster for one test file: every agent of the default topology shape as a process on
 * 127.0.0.1, on free ports, with data under a temporary directory. Agents are stopped after the file
 * and SIGKILLed if the test process exits some other way; they also exit by themselves when this
 * process dies, because their stdin (a pipe from here) closes.
 */
import { afterAll } from 'vitest';
import { defaultTopology, validateTopology, type Topology } from '../../app/model/topology';
import { LocalCluster } from '../../node-agent/launcher/local-cluster';
import { ClusterKvClient, kvAttemptTimeoutMs } from '../../node-agent/client/kv-client';
import { freePorts } from './free-ports';
import { tempDir } from './temp-dir';

/** The default topology's shape (3 DCs x 2 nodes), moved onto ports that are free now. */
export async function freeDefaultTopology(): Promise<Topology> {
  const shape = defaultTopology();
  const ports = await freePorts(6);
  let next = 0;
  const datacenters = shape.datacenters.map((dc) => ({
    ...dc,
    miniClusters: dc.miniClusters.map((mc) => ({
      ...mc,
      nodes: mc.nodes.map((node) => ({ ...node, port: ports[next++]! })),
    })),
  }));
  return validateTopology({ ...shape, datacenters });
}

export interface TestCluster {
  cluster: LocalCluster;
  topology: Topology;
  /** Talks to the agents like the KV command line does. */
  kv: ClusterKvClient;
}

/** Starts the cluster now; registers its teardown with afterAll. */
export async function startTestCluster(name: string): Promise<TestCluster> {
  const topology = await freeDefaultTopology();
  const cluster = new LocalCluster({ topology, dataRoot: tempDir(name) });
  const kv = new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs });
  const killOnExit = () => cluster.killAllNow();
  process.once('exit', killOnExit);
  // Registered after tempDir's cleanup, so it runs first: stop the agents, then delete their data.
  afterAll(async () => {
    kv.close();
    await cluster.stopAll(2000);
    process.off('exit', killOnExit);
  });
  await cluster.startAll();
  return { cluster, topology, kv };
}
