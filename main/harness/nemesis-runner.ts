/**
 * Plays a nemesis plan against real agents: each lane's faults one after another, at their planned
 * times on the recorder's clock, each applied, held and healed, and recorded with the times it really
 * started and ended. Network faults go to every agent's fault gate (each applies its own part); a node
 * restarted while one is in force gets it again, since an agent's faults live in memory only.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultChangeInput } from '../../app/model/fault-model';
import type { ControlClient } from '../../node-agent/client/control-client';
import type { HistoryRecorder } from './history-recorder';
import { nodeFaultKinds, type PlannedFault } from './nemesis-schedule';

/** What the nemesis needs from a cluster it started or attached to. */
export interface NemesisCluster {
  nodeIds: readonly string[];
  control(nodeId: string): ControlClient;
  /** kill -9 (or ControlService.Crash when attached); resolves once the process is gone. */
  kill(nodeId: string): Promise<void>;
  /** Starts a killed node again on its disk, or on an empty one (learner-only) with `wipe`. */
  restart(nodeId: string, wipe: boolean): Promise<void>;
}

/** How long a wiped node may take to relearn before the run reports it and goes on. */
const relearnTimeoutMs = 30_000;

export class NemesisRunner {
  /** The network change in force, re-sent to a node that restarts while it holds. */
  private networkChange: FaultChangeInput[] = [];
  /** Wiped nodes not yet seen relearned: no other node may lose its disk while one is listed. */
  private readonly relearning = new Set<string>();
  /** Nodes killed by a wipe fault that its heal must restart on an empty disk. */
  private readonly killedForWipe = new Set<string>();

  constructor(
    private readonly cluster: NemesisCluster,
    private readonly recorder: HistoryRecorder,
  ) {}

  /** Runs the plan's two lanes side by side; resolves when every fault has been healed. */
  async run(plan: readonly PlannedFault[]): Promise<void> {
    const isNodeFault = (fault: PlannedFault) => (nodeFaultKinds as readonly string[]).includes(fault.kind);
    await Promise.all([
      this.runLane(plan.filter(isNodeFault)),
      this.runLane(plan.filter((fault) => !isNodeFault(fault))),
    ]);
  }

  private async runLane(faults: readonly PlannedFault[]): Promise<void> {
    for (const fault of faults) {
      await sleepUntil(this.recorder, fault.startMs);
      const appliedMs = this.recorder.now();
      const errors: string[] = [];
      await this.apply(fault).catch((error: Error) => errors.push(`apply: ${error.message}`));
      await sleepUntil(this.recorder, fault.endMs);
      await this.heal(fault).catch((error: Error) => errors.push(`heal: ${error.message}`));
      this.recorder.recordFault({
        fault,
        appliedMs,
        healedMs: this.recorder.now(),
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
      });
    }
  }

  private async apply(fault: PlannedFault): Promise<void> {
    switch (fault.kind) {
      case 'kill':
        return this.cluster.kill(fault.node);
      case 'wipe':
        await this.refuseWhileRelearning();
        this.relearning.add(fault.node);
        this.killedForWipe.add(fault.node);
        return this.cluster.kill(fault.node);
      case 'pause':
        await this.cluster.control(fault.node).applyFault({ kind: 'pause', node: fault.node });
        return;
      case 'partition':
        return this.applyNetwork([{ kind: 'partition', split: { sides: fault.sides } }]);
      case 'cut':
        return this.applyNetwork([{ kind: 'cut', from: fault.from, to: fault.to }]);
      case 'delay': {
        const { delayMs, jitterMs, duplicateProbability } = fault;
        const rule = { delayMs, jitterMs, duplicateProbability };
        return this.applyNetwork([
          { kind: 'link', rule: { from: fault.node, to: '*', ...rule } },
          { kind: 'link', rule: { from: '*', to: fault.node, ...rule } },
        ]);
      }
    }
  }

  private async heal(fault: PlannedFault): Promise<void> {
    switch (fault.kind) {
      case 'kill':
        return this.restart(fault.node, false);
      case 'wipe':
        if (!this.killedForWipe.delete(fault.node)) return;
        await this.restart(fault.node, true);
        return this.waitUntilRelearned(fault.node);
      case 'pause':
        await this.cluster.control(fault.node).applyFault({ kind: 'resume', node: fault.node });
        return;
      case 'partition':
      case 'cut':
      case 'delay':
        this.networkChange = [];
        return this.toEveryAgent([{ kind: 'heal' }]);
    }
  }

  private async applyNetwork(changes: FaultChangeInput[]): Promise<void> {
    this.networkChange = changes;
    await this.toEveryAgent(changes);
  }

  /** Sends the changes to every agent; one that is down now gets them again when it restarts. */
  private async toEveryAgent(changes: readonly FaultChangeInput[]): Promise<void> {
    await Promise.all(
      this.cluster.nodeIds.map(async (nodeId) => {
        for (const change of changes) {
          await this.cluster
            .control(nodeId)
            .applyFault(change)
            .catch(() => undefined);
        }
      }),
    );
  }

  private async restart(nodeId: string, wipe: boolean): Promise<void> {
    await this.cluster.restart(nodeId, wipe);
    const control = this.cluster.control(nodeId);
    for (const change of this.networkChange) await retrying(() => control.applyFault(change));
  }

  private async waitUntilRelearned(nodeId: string): Promise<void> {
    const control = this.cluster.control(nodeId);
    const giveUpMs = this.recorder.now() + relearnTimeoutMs;
    while (this.recorder.now() < giveUpMs) {
      const status = await control.status().catch(() => null);
      if (status && !status.learnerOnly) {
        this.relearning.delete(nodeId);
        return;
      }
      await sleep(200);
    }
    throw new Error(`${nodeId} was still learner-only ${relearnTimeoutMs} ms after its wipe`);
  }

  /** Throws (the wipe is skipped) while an earlier wiped node is still learner-only. */
  private async refuseWhileRelearning(): Promise<void> {
    for (const nodeId of [...this.relearning]) {
      const status = await this.cluster
        .control(nodeId)
        .status()
        .catch(() => null);
      if (status && !status.learnerOnly) this.relearning.delete(nodeId);
    }
    if (this.relearning.size > 0) {
      throw new Error(`skipped: ${[...this.relearning].join(', ')} still learner-only after an earlier wipe`);
    }
  }

  /** Undoes whatever a stopped run left: resumes every node and clears every network fault. */
  async healAll(): Promise<void> {
    this.networkChange = [];
    await this.toEveryAgent([{ kind: 'heal' }]);
    await Promise.all(
      this.cluster.nodeIds.map((nodeId) =>
        this.cluster
          .control(nodeId)
          .applyFault({ kind: 'resume', node: nodeId })
          .catch(() => undefined),
      ),
    );
  }
}

async function sleepUntil(recorder: HistoryRecorder, atMs: number): Promise<void> {
  const waitMs = atMs - recorder.now();
  if (waitMs > 0) await sleep(waitMs);
}

/** How long a call to a just-restarted agent is retried: its channel may still be backing off. */
const restartedCallRetryMs = 5000;

async function retrying<T>(call: () => Promise<T>): Promise<T> {
  const giveUpMs = performance.now() + restartedCallRetryMs;
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (performance.now() > giveUpMs) throw error;
      await sleep(200);
    }
  }
}
