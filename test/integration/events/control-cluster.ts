/**
 * The events and faults tests' cluster: the test cluster (test/support/test-cluster.ts: token, KV
 * client, a ControlClient per agent) plus each agent's address and writes through one agent.
 */
import { newRequestId } from '../../../node-agent/kit/client/kv-client';
import { useTestCluster, type TestCluster } from '../../support/test-cluster';

export interface ControlCluster extends TestCluster {
  address(node: string): string;
  /** Writes key=value through one agent only (no failover to other replicas). */
  putThrough(node: string, key: string, value: string): Promise<number>;
}

export function useControlCluster(name: string, extraArgs: string[] = []): () => ControlCluster {
  return useTestCluster(name, {
    extraArgs,
    extend: ({ cluster, kv }) => ({
      address: (node: string) => cluster.address(node),
      putThrough: async (node: string, key: string, value: string) => {
        const operation = { kind: 'put', key, value: new TextEncoder().encode(value) } as const;
        const reply = await kv.callNode(node, operation, { requestId: newRequestId('test') });
        return reply.index;
      },
    }),
  });
}
