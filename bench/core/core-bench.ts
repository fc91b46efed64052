/**
 * How fast the pure PaxosKV core steps, with no I/O: three replicas in one process pass their Ready
 * messages through a FIFO queue. Prints operations and steps per second for fast-path writes,
 * prepare-path writes (writers alternate, so nobody owns the last value), and reads.
 * Run: npm run bench:core [-- --ops 20000]
 */
import { performance } from 'node:perf_hooks';
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { createNodeState, defaultCoreConfig, placeKey, step } from '../../app/paxos';
import type { CoreInput, KvOperation, NodeId, NodeState, PeerMessage } from '../../app/paxos';

const opsArg = process.argv.indexOf('--ops');
const operations = opsArg > 0 ? Number(process.argv[opsArg + 1]) : 20_000;
const groups = placementGroups(defaultTopology());
const value = new Uint8Array(100);

interface Cluster {
  nodes: Map<NodeId, NodeState>;
  steps: number;
}

function newCluster(): Cluster {
  const nodes = new Map<NodeId, NodeState>();
  for (const node of groups[0]!.members) {
    nodes.set(node, createNodeState(defaultCoreConfig(node, groups), { seed: 1 }));
  }
  return { nodes, steps: 0 };
}

/** Steps `node` with `input`, then delivers every message that follows until the cluster is quiet. */
function run(cluster: Cluster, node: NodeId, input: CoreInput): void {
  const queue: PeerMessage[] = [];
  let next: { node: NodeId; input: CoreInput } | undefined = { node, input };
  while (next) {
    const { ready } = step(cluster.nodes.get(next.node)!, next.input);
    cluster.steps += 1;
    // A fast round's fastAccepts come in sendBeforePersist (they may leave before the persist).
    queue.push(...(ready.sendBeforePersist ?? []), ...ready.messages);
    const message = queue.shift();
    next = message && { node: message.to, input: { kind: 'receive', message } };
  }
}

function measure(
  name: string,
  pickNode: (i: number, replicas: NodeId[]) => NodeId,
  op: (key: string) => KvOperation,
) {
  const cluster = newCluster();
  const keys = Array.from({ length: 100 }, (_, i) => `bench-${i}`);
  const replicasOf = new Map(keys.map((key) => [key, placeKey(groups, key).replicas as NodeId[]]));
  // Warm up: one write per key, so every key has a chosen value and an owner.
  keys.forEach((key, i) => {
    const operation: KvOperation = { kind: 'put', key, value };
    run(cluster, replicasOf.get(key)![0]!, { kind: 'client', request: { requestId: `w${i}`, operation } });
  });
  cluster.steps = 0;
  const started = performance.now();
  for (let i = 0; i < operations; i++) {
    const key = keys[i % keys.length]!;
    const node = pickNode(i, replicasOf.get(key)!);
    run(cluster, node, { kind: 'client', request: { requestId: `${name}${i}`, operation: op(key) } });
  }
  const seconds = (performance.now() - started) / 1000;
  const opsPerSecond = Math.round(operations / seconds);
  const stepsPerSecond = Math.round(cluster.steps / seconds);
  const microsPerStep = ((seconds * 1e6) / cluster.steps).toFixed(1);
  console.log(
    `${name.padEnd(14)} ${String(opsPerSecond).padStart(8)} ops/s  ${String(stepsPerSecond).padStart(9)} steps/s  ` +
      `${microsPerStep.padStart(6)} µs/step  ${(cluster.steps / operations).toFixed(1)} steps/op`,
  );
}

console.log(
  `PaxosKV core, ${operations} operations over 100 keys, 3 replicas each, 100-byte values (node ${process.version})`,
);
measure(
  'fast writes',
  (_i, replicas) => replicas[0]!,
  (key) => ({ kind: 'put', key, value }),
);
measure(
  'prepare writes',
  (i, replicas) => replicas[Math.floor(i / 100) % 3]!,
  (key) => ({ kind: 'put', key, value }),
);
measure(
  'reads',
  (i, replicas) => replicas[i % 3]!,
  (key) => ({ kind: 'get', key }),
);
