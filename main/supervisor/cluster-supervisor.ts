/**
 * The agents the console spawned for one run: start them all with progress, kill, restart on the same
 * data directory, wipe and restart learner-only, and stop them all. Each agent's output goes to a
 * bounded log tail; the run's pid file always names the live agents. The run has its own control
 * token, which every agent requires on ControlService calls. (Pausing is a fault, sent by RPC.)
 */
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeLocations, type NodeLocation, type Topology } from '../../app/model/topology';
import { contractFailure } from '../../app/contract/errors';
import { AgentProcess, describeExit, type AgentExit } from '../../node-agent';
import { LogTail } from './log-tail';
import { RunDirectory, newRunId } from './run-registry';

export type NodeProcessState = 'starting' | 'running' | 'killed' | 'exited' | 'stopped';

export interface SupervisedNode {
  id: string;
  process: NodeProcessState;
  pid: number | null;
  restarts: number;
  exit: { code: number | null; signal: string | null } | null;
  /** Started with --learner-only (after a wipe). */
  learnerOnly: boolean;
}

export interface SupervisorOptions {
  /** The topology to run, ports already final. */
  topology: Topology;
  runsRoot: string;
  sync: 'always' | 'never';
  bundlePath?: string;
  readyTimeoutMs?: number;
  onNodeChange?: (node: SupervisedNode) => void;
  onProgress?: (readyCount: number, total: number, message: string) => void;
}

interface NodeSlot {
  state: SupervisedNode;
  agent: AgentProcess | null;
  /** What the console asked for when it ended the current process, so its exit is named right. */
  ending: 'killed' | 'stopped' | null;
  log: LogTail;
}

export class ClusterSupervisor {
  readonly run: RunDirectory;
  readonly topologyFile: string;
  readonly locations: NodeLocation[];
  /** The run's control token: handed to every agent it spawns, and sent by the console's clients. */
  readonly token = randomBytes(24).toString('hex');
  private readonly slots = new Map<string, NodeSlot>();

  private constructor(private readonly options: SupervisorOptions) {
    this.run = new RunDirectory(options.runsRoot, newRunId());
    this.topologyFile = join(this.run.path, 'topology.json');
    writeFileSync(this.topologyFile, JSON.stringify(options.topology, null, 2));
    this.locations = nodeLocations(options.topology);
    for (const location of this.locations) {
      this.slots.set(location.id, {
        state: {
          id: location.id,
          process: 'starting',
          pid: null,
          restarts: 0,
          exit: null,
          learnerOnly: false,
        },
        agent: null,
        ending: null,
        log: new LogTail(),
      });
    }
  }

  /** Makes the run directory and pid file; nothing runs until startAll. */
  static create(options: SupervisorOptions): ClusterSupervisor {
    return new ClusterSupervisor(options);
  }

  get topology(): Topology {
    return this.options.topology;
  }

  nodes(): SupervisedNode[] {
    return [...this.slots.values()].map((slot) => ({ ...slot.state }));
  }

  node(nodeId: string): SupervisedNode {
    return { ...this.slot(nodeId).state };
  }

  logTail(nodeId: string): LogTail {
    return this.slot(nodeId).log;
  }

  async kill(nodeId: string): Promise<SupervisedNode> {
    const slot = this.slotIn(nodeId, ['starting', 'running'], 'kill');
    slot.ending = 'killed';
    await slot.agent!.kill();
    return this.node(nodeId);
  }

  /** Starts a killed, exited or stopped node again on its own data directory. */
  async restart(nodeId: string): Promise<SupervisedNode> {
    const slot = this.slotIn(nodeId, ['killed', 'exited', 'stopped'], 'restart');
    slot.state.restarts += 1;
    await this.spawnAndWait(slot, false);
    return this.node(nodeId);
  }

  /** Kills the node if it runs, deletes its data directory and starts it learner-only. */
  async wipeAndRestart(nodeId: string): Promise<SupervisedNode> {
    const slot = this.slot(nodeId);
    if (slot.agent?.running) {
      slot.ending = 'killed';
      await slot.agent.kill();
    }
    rmSync(this.run.nodeDataDir(nodeId), { recursive: true, force: true });
    slot.log.append(`[console] data directory wiped; restarting learner-only`);
    slot.state.restarts += 1;
    await this.spawnAndWait(slot, true);
    return this.node(nodeId);
  }

  /** SIGTERM to every agent, SIGKILL to any still running after graceMs. */
  async stop(graceMs = 5000): Promise<number> {
    const running = [...this.slots.values()].filter((slot) => slot.agent?.running);
    await Promise.all(
      running.map((slot) => {
        slot.ending = 'stopped';
        return slot.agent!.stop(graceMs);
      }),
    );
    this.run.remove();
    return running.length;
  }

  /** Synchronous last resort for process exit handlers, which cannot wait: SIGKILL whatever still runs. */
  killAllNow(): void {
    for (const slot of this.slots.values()) {
      if (!slot.agent?.running || slot.agent.pid === undefined) continue;
      try {
        process.kill(slot.agent.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    this.run.remove();
  }

  /** Spawns every agent at once and resolves when each answers its Health probe; on failure stops them all. */
  async startAll(): Promise<void> {
    const total = this.slots.size;
    let readyCount = 0;
    this.options.onProgress?.(0, total, `starting ${total} agents`);
    try {
      await Promise.all(
        [...this.slots.values()].map(async (slot) => {
          await this.spawnAndWait(slot, false);
          readyCount += 1;
          this.options.onProgress?.(readyCount, total, `${slot.state.id} ready (${readyCount} of ${total})`);
        }),
      );
    } catch (error) {
      await this.stop(1000);
      throw error;
    }
  }

  private async spawnAndWait(slot: NodeSlot, learnerOnly: boolean): Promise<void> {
    const agent = this.spawn(slot, learnerOnly);
    try {
      await agent.waitUntilReady(this.options.readyTimeoutMs ?? 15_000);
    } catch (error) {
      throw contractFailure(
        'AGENT_FAILED',
        'nodeId',
        `${slot.state.id} did not become ready: ${(error as Error).message}`,
      );
    }
    if (slot.agent === agent && agent.running) this.update(slot, { process: 'running' });
  }

  private spawn(slot: NodeSlot, learnerOnly: boolean): AgentProcess {
    const nodeId = slot.state.id;
    const location = this.locations.find((candidate) => candidate.id === nodeId)!;
    const agent = AgentProcess.spawn({
      nodeId,
      dataDir: this.run.nodeDataDir(nodeId),
      address: `${location.host}:${location.port}`,
      topologyFile: this.topologyFile,
      learnerOnly,
      sync: this.options.sync,
      token: this.token,
      ...(this.options.bundlePath ? { bundlePath: this.options.bundlePath } : {}),
      onLine: (line) => slot.log.append(line),
    });
    slot.agent = agent;
    slot.ending = null;
    if (agent.pid !== undefined) this.run.recordAgent(nodeId, agent.pid);
    slot.log.append(`[console] started pid ${agent.pid ?? '?'}${learnerOnly ? ' learner-only' : ''}`);
    this.update(slot, {
      process: 'starting',
      pid: agent.pid ?? null,
      exit: null,
      learnerOnly,
    });
    void agent.exited.then((exit) => this.onExit(slot, agent, exit));
    return agent;
  }

  private onExit(slot: NodeSlot, agent: AgentProcess, exit: AgentExit): void {
    if (slot.agent !== agent) return;
    slot.log.append(`[console] exited (${describeExit(exit)})`);
    this.update(slot, { process: slot.ending ?? 'exited', pid: null, exit });
  }

  private update(slot: NodeSlot, change: Partial<SupervisedNode>): void {
    slot.state = { ...slot.state, ...change };
    this.options.onNodeChange?.({ ...slot.state });
  }

  private slot(nodeId: string): NodeSlot {
    const slot = this.slots.get(nodeId);
    if (!slot) throw contractFailure('UNKNOWN_NODE', 'nodeId', `no node "${nodeId}" in this cluster`);
    return slot;
  }

  private slotIn(nodeId: string, states: NodeProcessState[], action: string): NodeSlot {
    const slot = this.slot(nodeId);
    if (!states.includes(slot.state.process)) {
      throw contractFailure(
        'INVALID_STATE',
        'nodeId',
        `cannot ${action} ${nodeId}: it is ${slot.state.process}`,
      );
    }
    return slot;
  }
}
