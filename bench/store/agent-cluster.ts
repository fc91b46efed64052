/**
 * Our side's processes: the embedded 3-datacenter × 2-node topology on free ports, with either the
 * whole group or only the three agents that replicate the benchmark's keys, each with fsync on and
 * its PLog under the bench's temp dir. Stopping ends only the agents started here.
 */
import { defaultTopology, placementGroups, type Topology } from '../../app/model/topology';
import type { NodeCounters, NodeId } from '../../app/paxos/types';
import type { ProtocolName } from '../../app/protocol/protocol';
import {
  ensureAgentBundle,
  createControlClient,
  LocalCluster,
  callUnary,
  withFreePorts,
} from '../../node-agent';

/**
 * Protocols whose quorums span the whole 6-node group, which three agents alone cannot reach:
 * multi-Paxos (one leader and one log per group) and WPaxos (with F = 0 a steal's phase 1 needs a
 * majority in every zone).
 */
const groupWide: readonly ProtocolName[] = ['multipaxos', 'wpaxos'];

/**
 * The nodes every benchmark key must live on: with 3 agents, the first node of each datacenter's
 * mini-cluster (one replica set); with 6, null (keys go anywhere in the group).
 */
export function benchKeyReplicas(count: 3 | 6, topology: Topology = defaultTopology()): NodeId[] | null {
  return count === 3 ? placementGroups(topology)[0]!.members.slice(0, 3) : null;
}

export class BenchAgents {
  private constructor(
    readonly topology: Topology,
    readonly cluster: LocalCluster,
    readonly protocol: ProtocolName,
    /** The agents started, in placement order. */
    readonly started: readonly NodeId[],
    /** The nodes every benchmark key must live on, or null when keys may go anywhere in the group. */
    readonly keyReplicas: readonly NodeId[] | null,
  ) {}

  /**
   * Starts `count` agents: 3 = the first node of each datacenter's mini-cluster (one replica set),
   * 6 = every node of the group. A protocol whose quorum is a majority of the whole group gets all six
   * (the keys still live on the three when `count` is 3).
   */
  static async start(
    dataRoot: string,
    count: 3 | 6,
    log: (line: string) => void,
    extra: {
      /** Flags for node in every agent (the profiler's --cpu-prof). */
      nodeArgs?: string[];
      /** What the agents run (the topology's protocol); PaxosKV when absent. */
      protocol?: ProtocolName;
    } = {},
  ): Promise<BenchAgents> {
    if (await ensureAgentBundle()) log('rebuilt the agent bundle (dist/node-agent/agent.mjs)');
    const { nodeArgs, protocol = 'paxoskv' } = extra;
    const topology = { ...(await withFreePorts(defaultTopology())), protocol };
    const members = placementGroups(topology)[0]!.members;
    const started = members.slice(0, groupWide.includes(protocol) ? members.length : count);
    const keyReplicas = benchKeyReplicas(count, topology);
    const cluster = new LocalCluster({
      topology,
      dataRoot,
      sync: 'always',
      readyTimeoutMs: 30_000,
      ...(nodeArgs ? { nodeArgs } : {}),
    });
    const agents = new BenchAgents(topology, cluster, protocol, started, keyReplicas);
    try {
      await Promise.all(started.map((nodeId) => cluster.start(nodeId)));
    } catch (error) {
      await agents.stop();
      throw error;
    }
    return agents;
  }

  /** Each agent's pid by node, for CPU per agent. */
  get pidsByNode(): Record<string, number[]> {
    const byNode: Record<string, number[]> = {};
    for (const [nodeId, agent] of this.cluster.agents)
      if (agent.pid !== undefined) byNode[nodeId] = [agent.pid];
    return byNode;
  }

  get pids(): number[] {
    return [...this.cluster.agents.values()].flatMap((agent) => (agent.pid === undefined ? [] : [agent.pid]));
  }

  /** The agents' protocol counters summed (GetStatus), to cross-check the reply paths. */
  async counters(): Promise<NodeCounters> {
    const all = await Promise.all(this.started.map((nodeId) => agentCounters(this.cluster.address(nodeId))));
    return all.reduce((sum, counters) => addCounters(sum, counters));
  }

  async stop(): Promise<void> {
    await this.cluster.stopAll();
  }
}

async function agentCounters(address: string): Promise<NodeCounters> {
  const client = createControlClient(address);
  try {
    const status = await callUnary(client.getStatus.bind(client), {}, { timeoutMs: 5000 });
    if (!status.counters) throw new Error(`${address}: GetStatus carried no counters`);
    return status.counters;
  } finally {
    client.close();
  }
}

function addCounters(a: NodeCounters, b: NodeCounters): NodeCounters {
  const sum = { ...a };
  for (const name of Object.keys(sum) as (keyof NodeCounters)[]) sum[name] = a[name] + b[name];
  return sum;
}

/** b − a, field by field. */
export function countersDelta(a: NodeCounters, b: NodeCounters): NodeCounters {
  const delta = { ...b };
  for (const name of Object.keys(delta) as (keyof NodeCounters)[]) delta[name] = b[name] - a[name];
  return delta;
}
