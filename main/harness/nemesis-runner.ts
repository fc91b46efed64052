/**
 * Plays a nemesis plan against real agents: each lane's faults one after another, at their planned
 * times on the recorder's clock, each applied, held and healed, and recorded with the times it really
 * started and ended. Network faults and pauses go through the cluster's fault changes (every agent's
 * fault gate applies its own part); the cluster gives a restarted node the faults in force again.
 * SIGSTOP and SIGCONT go to the agent's process, which only a cluster this process started can do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultChangeInput } from '../../app/model/fault-model';
import type { HistoryRecorder } from './history-recorder';
import { nodeFaultKinds, type PlannedFault } from './nemesis-schedule';

/** What the nemesis needs from a cluster: the CLI's own (harness-cluster) or the console's. */
export interface NemesisCluster {
  nodeIds: readonly string[];
  /** kill -9 (or ControlService.Crash when attached); resolves once the process is gone. */
  kill(nodeId: string): Promise<void>;
  /**
   * Starts a killed node again on its disk, or on an empty one (learner-only) with `wipe`, and gives it
   * the faults in force again.
   */
  restart(nodeId: string, wipe: boolean): Promise<void>;
  /** SIGSTOP to the node's process; resolves once it is stopped. */
  stopProcess(nodeId: string): Promise<void>;
  /** SIGCONT to the node's process. */
  continueProcess(nodeId: string): Promise<void>;
  /** Applies one change at every agent; resolves with the agents that did not take it now. */
  applyFault(change: FaultChangeInput): Promise<string[]>;
  /** Whether the node still relearns after a wipe; null when it does not answer. */
  learnerOnly(nodeId: string): Promise<boolean | null>;
}

/** How long a wiped node may take to relearn before the run reports it and goes on. */
const relearnTimeoutMs = 30_000;

export class NemesisRunner {
  /** Wiped nodes not yet seen relearned: no other node may lose its disk while one is listed. */
  private readonly relearning = new Set<string>();
  /** Nodes killed by a wipe fault that its heal must restart on an empty disk. */
  private readonly killedForWipe = new Set<string>();
  /** Nodes whose process is SIGSTOPped: a stopped run must SIGCONT them, whatever happened. */
  private readonly stopped = new Set<string>();

  constructor(
    private readonly cluster: NemesisCluster,
    private readonly recorder: HistoryRecorder,
  ) {}

  /**
   * Runs the plan's two lanes side by side; resolves when every fault has been healed. An abort ends
   * the faults in force at once (healed and recorded) and starts no more.
   */
  async run(plan: readonly PlannedFault[], signal?: AbortSignal): Promise<void> {
    const isNodeFault = (fault: PlannedFault) => (nodeFaultKinds as readonly string[]).includes(fault.kind);
    await Promise.all([
      this.runLane(plan.filter(isNodeFault), signal),
      this.runLane(
        plan.filter((fault) => !isNodeFault(fault)),
        signal,
      ),
    ]);
  }

  private async runLane(faults: readonly PlannedFault[], signal: AbortSignal | undefined): Promise<void> {
    for (const fault of faults) {
      if (!(await sleepUntil(this.recorder, fault.startMs, signal))) return;
      const appliedMs = this.recorder.now();
      const errors: string[] = [];
      await this.apply(fault).catch((error: Error) => errors.push(`apply: ${error.message}`));
      this.recorder.faultApplied(fault, appliedMs, errors);
      await sleepUntil(this.recorder, fault.endMs, signal);
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
        return this.applyAt(fault.node, { kind: 'pause', node: fault.node });
      case 'sigstop':
        this.stopped.add(fault.node);
        return this.cluster.stopProcess(fault.node);
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
        return this.cluster.restart(fault.node, false);
      case 'wipe':
        if (!this.killedForWipe.delete(fault.node)) return;
        await this.cluster.restart(fault.node, true);
        return this.waitUntilRelearned(fault.node);
      case 'pause':
        return this.applyAt(fault.node, { kind: 'resume', node: fault.node });
      case 'sigstop':
        await this.cluster.continueProcess(fault.node);
        this.stopped.delete(fault.node);
        return;
      case 'partition':
      case 'cut':
      case 'delay':
        await this.cluster.applyFault({ kind: 'heal' });
        return;
    }
  }

  /** Applies the changes at every agent; one that is down now gets them when it restarts. */
  private async applyNetwork(changes: readonly FaultChangeInput[]): Promise<void> {
    for (const change of changes) await this.cluster.applyFault(change);
  }

  /** Applies a change that only `nodeId` acts on, failing when that agent did not take it. */
  private async applyAt(nodeId: string, change: FaultChangeInput): Promise<void> {
    const unreached = await this.cluster.applyFault(change);
    if (unreached.includes(nodeId)) throw new Error(`${nodeId} did not take the ${change.kind}`);
  }

  private async waitUntilRelearned(nodeId: string): Promise<void> {
    const giveUpMs = this.recorder.now() + relearnTimeoutMs;
    while (this.recorder.now() < giveUpMs) {
      if ((await this.cluster.learnerOnly(nodeId)) === false) {
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
      if ((await this.cluster.learnerOnly(nodeId)) === false) this.relearning.delete(nodeId);
    }
    if (this.relearning.size > 0) {
      throw new Error(`skipped: ${[...this.relearning].join(', ')} still learner-only after an earlier wipe`);
    }
  }

  /** Undoes whatever a stopped run left: continues stopped processes, resumes every node, clears the network. */
  async healAll(): Promise<void> {
    for (const nodeId of [...this.stopped]) {
      await this.cluster.continueProcess(nodeId);
      this.stopped.delete(nodeId);
    }
    await this.cluster.applyFault({ kind: 'heal' });
    for (const nodeId of this.cluster.nodeIds) {
      await this.cluster.applyFault({ kind: 'resume', node: nodeId });
    }
  }
}

/** Waits until `atMs` on the recorder's clock; false when the signal aborted the wait. */
async function sleepUntil(recorder: HistoryRecorder, atMs: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return false;
  const waitMs = atMs - recorder.now();
  if (waitMs <= 0) return true;
  return sleep(waitMs, true, signal ? { signal } : {}).catch(() => false);
}
