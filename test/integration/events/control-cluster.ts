/**
 * A real six-agent cluster for one test file, started with a cluster token, with a ControlClient per
 * agent. Built on the same LocalCluster as test/support/test-cluster.ts, plus the token.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { nodeLocations, type Topology } from '../../../app/model/topology';
import { ControlClient } from '../../../node-agent/kit/client/control-client';
import { ClusterKvClient, kvAttemptTimeoutMs, newRequestId } from '../../../node-agent/kit/client/kv-client';
import { LocalCluster } from '../../../node-agent/kit/launcher/local-cluster';
import { freeDefaultTopology } from '../../support/test-cluster';

export interface ControlCluster {
  cluster: LocalCluster;
  topology: Topology;
  kv: ClusterKvClient;
  token: string;
  /** A client with the right token for each agent. */
  control: Map<string, ControlClient>;
  address(node: string): string;
  /** Writes key=value through one agent only (no failover to other replicas). */
  putThrough(node: string, key: string, value: string): Promise<number>;
}

export function useControlCluster(name: string, extraArgs: string[] = []): () => ControlCluster {
  let started: ControlCluster | null = null;
  let dataRoot: string | null = null;
  let cluster: LocalCluster | null = null;
  const killOnExit = () => cluster?.killAllNow();
  beforeAll(async () => {
    const topology = await freeDefaultTopology();
    const token = randomBytes(18).toString('hex');
    dataRoot = mkdtempSync(join(tmpdir(), `paxoscope-${name}-`));
    cluster = new LocalCluster({ topology, dataRoot, token, extraArgs });
    process.once('exit', killOnExit);
    await cluster.startAll();
    const kv = new ClusterKvClient(topology, { attemptTimeoutMs: kvAttemptTimeoutMs });
    const running = cluster;
    started = {
      cluster,
      topology,
      kv,
      token,
      control: new Map(
        nodeLocations(topology).map((node) => [node.id, new ControlClient(running.address(node.id), token)]),
      ),
      address: (node) => running.address(node),
      putThrough: async (node, key, value) => {
        const operation = { kind: 'put', key, value: new TextEncoder().encode(value) } as const;
        const reply = await kv.callNode(node, operation, { requestId: newRequestId('test') });
        return reply.index;
      },
    };
  }, 90_000);
  afterAll(async () => {
    started?.kv.close();
    for (const client of started?.control.values() ?? []) client.close();
    await cluster?.stopAll(2000);
    process.off('exit', killOnExit);
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });
  return () => {
    if (!started) throw new Error(`control cluster "${name}" is not running (did its start fail?)`);
    return started;
  };
}
