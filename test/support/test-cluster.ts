/**
 * A real cluster for one test file: every agent of the default topology shape as a process on
 * 127.0.0.1, on free ports, with data under a temporary directory. Agents are stopped and the directory
 * removed after the file; agents are SIGKILLed if the test process exits some other way, and they also
 * exit by themselves when this process dies, because their stdin (a pipe from here) closes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { defaultTopology, type Topology } from '../../app/model/topology';
import { ClusterKvClient, kvAttemptTimeoutMs } from '../../node-agent/kit/client/kv-client';
import { LocalCluster } from '../../node-agent/kit/launcher/local-cluster';
import { withFreePorts } from '../../node-agent/kit/launcher/free-ports';

/** The default topology's shape (3 DCs x 2 nodes), moved onto ports that are free now. */
export async function freeDefaultTopology(): Promise<Topology> {
  return withFreePorts(defaultTopology());
}

export interface TestCluster {
  cluster: LocalCluster;
  topology: Topology;
  /** Talks to the agents like the KV command line does. */
  kv: ClusterKvClient;
}

/**
 * Registers the cluster's start (beforeAll) and teardown (afterAll) for the calling test file; call it
 * at the top level of the file. The returned getter works inside tests.
 */
export function useTestCluster(name: string, startTimeoutMs = 60_000): () => TestCluster {
  let started: TestCluster | null = null;
  let dataRoot: string | null = null;
  let cluster: LocalCluster | null = null;
  const killOnExit = () => cluster?.killAllNow();
  beforeAll(async () => {
    const topology = await freeDefaultTopology();
    dataRoot = mkdtempSync(join(tmpdir(), `paxoscope-${name}-`));
    cluster = new LocalCluster({ topology, dataRoot });
    process.once('exit', killOnExit);
    await cluster.startAll();
    started = {
      cluster,
      topology,
      kv: new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs }),
    };
  }, startTimeoutMs);
  afterAll(async () => {
    started?.kv.close();
    await cluster?.stopAll(2000);
    process.off('exit', killOnExit);
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });
  return () => {
    if (!started) throw new Error(`test cluster "${name}" is not running (did its start fail?)`);
    return started;
  };
}
