/**
 * Every agent of a topology as child processes on this machine, each with its own data directory
 * under one root. Used by `npm run cluster` and by the integration tests; the console's supervisor can
 * build on AgentProcess the same way.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeLocations, type NodeLocation, type Topology } from '../../../app/model/topology';
import { AgentProcess, type AgentSpawnOptions } from './agent-process';

export interface LocalClusterOptions {
  topology: Topology;
  /** Root folder: the topology file goes here and node n's PLog under <dataRoot>/<n>. */
  dataRoot: string;
  sync?: 'always' | 'never';
  /** The cluster token every agent requires on ControlService calls (absent: no check). */
  token?: string;
  /** More flags for every agent, for example ["--events-ring", "256"]. */
  extraArgs?: string[];
  /** Flags for node itself in every agent, for example ["--cpu-prof"]. */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
  /** Each agent output line, prefixed with its node id. */
  onLine?: (nodeId: string, line: string) => void;
}

/** Generous: six agents starting at once on two busy cores have taken ten seconds here. */
const readyTimeoutDefaultMs = 30_000;

export interface RestartOptions {
  /** Delete the node's data directory first and come back learner-only. */
  wipe?: boolean;
  readyTimeoutMs?: number;
}

export class LocalCluster {
  readonly agents = new Map<string, AgentProcess>();
  /** Milliseconds from spawn to the first Health answer, per node, for the last start of each. */
  readonly readyMs = new Map<string, number>();
  readonly topologyFile: string;
  readonly nodes: NodeLocation[];

  constructor(private readonly options: LocalClusterOptions) {
    this.nodes = nodeLocations(options.topology);
    mkdirSync(options.dataRoot, { recursive: true });
    this.topologyFile = join(options.dataRoot, 'topology.json');
    writeFileSync(this.topologyFile, JSON.stringify(options.topology, null, 2));
  }

  dataDir(nodeId: string): string {
    return join(this.options.dataRoot, nodeId);
  }

  address(nodeId: string): string {
    const node = this.nodes.find((candidate) => candidate.id === nodeId);
    if (!node) throw new Error(`no node "${nodeId}" in the topology`);
    return `${node.host}:${node.port}`;
  }

  agent(nodeId: string): AgentProcess {
    const agent = this.agents.get(nodeId);
    if (!agent) throw new Error(`agent ${nodeId} was never started`);
    return agent;
  }

  /** Starts every agent at once and waits until each answers Health. */
  async startAll(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.start(node.id)));
  }

  /** Starts one agent (again) and waits for its Health answer. */
  async start(nodeId: string, extra: Partial<AgentSpawnOptions> = {}): Promise<AgentProcess> {
    if (this.agents.get(nodeId)?.running) throw new Error(`agent ${nodeId} is already running`);
    const startedMs = performance.now();
    const agent = AgentProcess.spawn({
      nodeId,
      dataDir: this.dataDir(nodeId),
      address: this.address(nodeId),
      topologyFile: this.topologyFile,
      sync: this.options.sync ?? 'always',
      ...(this.options.token ? { token: this.options.token } : {}),
      ...(this.options.extraArgs ? { extraArgs: this.options.extraArgs } : {}),
      ...(this.options.nodeArgs ? { nodeArgs: this.options.nodeArgs } : {}),
      onLine: (line) => this.options.onLine?.(nodeId, line),
      ...extra,
    });
    this.agents.set(nodeId, agent);
    await agent.waitUntilReady(this.options.readyTimeoutMs ?? readyTimeoutDefaultMs);
    this.readyMs.set(nodeId, performance.now() - startedMs);
    return agent;
  }

  /** Stops (SIGTERM) or, if already dead, just restarts a node, optionally wiping its disk first. */
  async restart(nodeId: string, options: RestartOptions = {}): Promise<AgentProcess> {
    await this.agents.get(nodeId)?.stop();
    if (options.wipe) rmSync(this.dataDir(nodeId), { recursive: true, force: true });
    return this.start(nodeId, { learnerOnly: options.wipe === true });
  }

  /** SIGTERM to every running agent at once; SIGKILL for any that outlive the grace period. */
  async stopAll(graceMs = 5000): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.stop(graceMs)));
  }

  /** Synchronous last resort (process 'exit' handlers cannot wait): SIGKILL whatever still runs. */
  killAllNow(): void {
    for (const agent of this.agents.values()) if (agent.running) void agent.kill();
  }
}
