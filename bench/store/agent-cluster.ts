/**
 * Our side's processes: the embedded 3-datacenter × 2-node topology on free ports, with either the
 * whole group or only the three agents that replicate the benchmark's keys, each with fsync on and
 * its PLog under the bench's temp dir. Stopping ends only the agents started here.
 */
import { defaultTopology, placementGroups, type Topology } from '../../app/model/topology';
import type { NodeCounters, NodeId } from '../../app/paxos/types';
import {
  ensureAgentBundle,
  createControlClient,
  LocalCluster,
  callUnary,
  withFreePorts,
} from '../../node-agent';

export class BenchAgents {
  private constructor(
    readonly topology: Topology,
    readonly cluster: LocalCluster,
    /** The agents started, in placement order. */
    readonly started: readonly NodeId[],
  ) {}

  /**
   * Starts `count` agents: 3 = the first node of each datacenter's mini-cluster (one replica set),
   * 6 = every node of the group.
   */
  static async start(
    dataRoot: string,
    count: 3 | 6,
    log: (line: string) => void,
    /** Flags for node in every agent (the profiler's --cpu-prof). */
    nodeArgs?: string[],
  ): Promise<BenchAgents> {
    if (await ensureAgentBundle()) log('rebuilt the agent bundle (dist/node-agent/agent.mjs)');
    const topology = await withFreePorts(defaultTopology());
    const members = placementGroups(topology)[0]!.members;
    const started = members.slice(0, count);
    const cluster = new LocalCluster({
      topology,
      dataRoot,
      sync: 'always',
      readyTimeoutMs: 30_000,
      ...(nodeArgs ? { nodeArgs } : {}),
    });
    const agents = new BenchAgents(topology, cluster, started);
    try {
      await Promise.all(started.map((nodeId) => cluster.start(nodeId)));
    } catch (error) {
      await agents.stop();
      throw error;
    }
    return agents;
  }

  /** The nodes every benchmark key must live on, or null when keys may go anywhere in the group. */
  get keyReplicas(): readonly NodeId[] | null {
    return this.started.length === 3 ? this.started : null;
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
