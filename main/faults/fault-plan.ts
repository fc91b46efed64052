/**
 * The cluster's faults as the console keeps them: one FaultState, changed one FaultChange at a time and
 * sent to every agent's fault gate (each applies its own part). An agent that missed a change (down,
 * restarted: its faults live in memory only) gets the whole state again when it comes back.
 */
import {
  applyFaultChange,
  FaultModelError,
  healthyFaultState,
  validateFaultChange,
  type FaultChange,
  type FaultState,
} from '../../app/model/fault-model';
import { contractFailure } from '../../app/contract/errors';
import type { HeldMessage } from '../../app/proto/generated/control';
import type { HeldAction } from '../../node-agent/client/control-client';
import type { AgentClient } from '../agents/agent-client';

export interface FaultOutcome {
  faults: FaultState;
  /** Agents that did not take the change now; they get the whole state when they come back. */
  unreached: string[];
}

export class FaultPlan {
  private state: FaultState = healthyFaultState();
  /** Agents whose fault state may be behind the console's. */
  private readonly stale = new Set<string>();

  constructor(private readonly clients: ReadonlyMap<string, AgentClient>) {}

  current(): FaultState {
    return this.state;
  }

  isPaused(nodeId: string): boolean {
    return this.state.paused.includes(nodeId);
  }

  /** Validates the change against this cluster's nodes, applies it here and at every agent. */
  async apply(input: FaultChange): Promise<FaultOutcome> {
    const nodes = [...this.clients.keys()];
    let change: FaultChange;
    try {
      change = validateFaultChange(input, nodes);
    } catch (error) {
      if (!(error instanceof FaultModelError)) throw error;
      throw contractFailure(
        'INVALID_INPUT',
        `change.${error.field}`,
        error.message.slice(error.field.length + 2),
      );
    }
    this.state = applyFaultChange(this.state, change, nodes);
    const unreached = await this.everyAgent(async (client) => {
      if (this.stale.has(client.nodeId)) await this.push(client);
      else await client.control.applyFault(change);
    });
    return { faults: this.state, unreached };
  }

  /** An agent lost its faults (it restarted): send it the whole state now, and again until it takes it. */
  async resend(nodeId: string): Promise<void> {
    this.stale.add(nodeId);
    await this.resendIfStale(nodeId);
  }

  /** Sends the whole state to an agent that may have missed changes; it stays stale if the call fails. */
  async resendIfStale(nodeId: string): Promise<void> {
    const client = this.clients.get(nodeId);
    if (!client || !this.stale.has(nodeId)) return;
    try {
      await this.push(client);
    } catch {
      // Still stale: the next health answer or fault change tries again.
    }
  }

  /** Every message held at any agent, oldest first. */
  async held(): Promise<HeldMessage[]> {
    const lists: HeldMessage[][] = [];
    await this.everyAgent(async (client) => {
      lists.push(await client.control.listHeld());
    });
    return lists.flat().sort((a, b) => a.heldAtMs - b.heldAtMs);
  }

  /** Releases one held message at the agent that holds it (the sender). */
  release(nodeId: string, messageId: string, action: HeldAction): Promise<number> {
    return this.clients.get(nodeId)!.control.releaseHeld(messageId, action);
  }

  private async push(client: AgentClient): Promise<void> {
    await client.control.setFaults(this.state);
    this.stale.delete(client.nodeId);
  }

  /** Runs `call` at every agent at once; returns the ids of those where it failed (now marked stale). */
  private async everyAgent(call: (client: AgentClient) => Promise<void>): Promise<string[]> {
    const clients = [...this.clients.values()];
    const results = await Promise.allSettled(clients.map(call));
    const failed = clients.filter((_, i) => results[i]!.status === 'rejected').map((client) => client.nodeId);
    for (const nodeId of failed) this.stale.add(nodeId);
    return failed;
  }
}
