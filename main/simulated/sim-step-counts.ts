/**
 * Each simulated node's `steps` for GetStatus, counted as an agent counts them (StepCounts): how many
 * of each core event its core emitted since the node last started. Checkpointed with the run, so after
 * a step back or a branch switch the counts are the present path's.
 */
import type { NodeId } from '../../app/paxos/types';
import type { AnyReady } from '../../app/protocol/registry';
import type { LifecycleChange } from '../../app/simulator/sim-observer';
import type { RewindableObserver } from '../../app/simulator/time-travel';
import { StepCounts } from '../../node-agent';

type Saved = Record<NodeId, Record<string, number>>;

export class SimStepCounts implements RewindableObserver {
  private counts = new Map<NodeId, StepCounts>();

  onStep(_nowMs: number, node: NodeId, _input: unknown, ready: AnyReady): void {
    this.of(node).count(ready.events);
  }

  /** An agent's counts start again with its process; a simulated node's with its start. */
  onLifecycle(_nowMs: number, node: NodeId, change: LifecycleChange): void {
    if (change.kind === 'start') this.counts.delete(node);
  }

  /** The node's counts by event type, in the order each type first happened. */
  of(node: NodeId): StepCounts {
    let counts = this.counts.get(node);
    if (!counts) {
      counts = new StepCounts();
      this.counts.set(node, counts);
    }
    return counts;
  }

  save(): Saved {
    return Object.fromEntries([...this.counts].map(([node, counts]) => [node, counts.snapshot()]));
  }

  load(saved: unknown): void {
    const entries = Object.entries(saved as Saved);
    this.counts = new Map(entries.map(([node, counts]) => [node, new StepCounts(counts)]));
  }
}
