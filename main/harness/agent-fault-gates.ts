/**
 * The CLI's way to set faults on agents it reaches directly: one FaultState kept here, each change sent
 * to every agent's fault gate (each applies its own part), and the whole state given back to an agent
 * that restarted, since an agent's faults live in memory only. The console has its own (FaultPlan).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  applyFaultChange,
  healthyFaultState,
  validateFaultChange,
  type FaultChangeInput,
  type FaultState,
} from '../../app/model/fault-model';
import type { ControlClient } from '../../node-agent';

/** How long a call to a just-restarted agent is retried: its channel may still be backing off. */
const restartedCallRetryMs = 5000;

export class AgentFaultGates {
  private state: FaultState = healthyFaultState();

  constructor(private readonly controls: ReadonlyMap<string, ControlClient>) {}

  /** Applies the change at every agent; returns the agents that did not take it (down ones get it on restart). */
  async apply(input: FaultChangeInput): Promise<string[]> {
    const nodeIds = [...this.controls.keys()];
    const change = validateFaultChange(input, nodeIds);
    this.state = applyFaultChange(this.state, change, nodeIds);
    const results = await Promise.allSettled(
      nodeIds.map((nodeId) => this.controls.get(nodeId)!.applyFault(change)),
    );
    return nodeIds.filter((_, index) => results[index]!.status === 'rejected');
  }

  /** Gives a restarted agent the faults in force again. */
  async restore(nodeId: string): Promise<void> {
    const control = this.controls.get(nodeId)!;
    await retrying(() => control.setFaults(this.state));
  }
}

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
