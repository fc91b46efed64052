/**
 * The cluster's faults as the console keeps them: one FaultState, changed one FaultChange at a time and
 * sent to every agent's fault gate (each applies its own part), plus the protocol pace a person chose
 * for every agent. An agent that missed a change (down, restarted: its faults and pace live in memory
 * only) gets the whole state and the pace again when it comes back.
 *
 * The held-message tray is cluster-wide, so the state also says which agents still hold messages after
 * hold mode is lifted (hold.heldAt): while any does, every agent keeps its protocol time stopped, and a
 * proposer elsewhere cannot time out and retry while its replies wait in someone's gate.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import {
  applyFaultChange,
  FaultModelError,
  healthyFaultState,
  linksHeld,
  validateFaultChange,
  type FaultChange,
  type FaultState,
} from '../../app/model/fault-model';
import { invalidInput } from '../../app/contract/errors';
import type { FaultsResponse, HeldMessage } from '../../app/proto/generated/control';
import type { ControlClient, HeldAction } from '../../node-agent';

/** What the plan needs of an agent: its id and the control calls that carry faults and pace. */
export interface PlanAgent {
  readonly nodeId: string;
  readonly control: Pick<
    ControlClient,
    'applyFault' | 'setFaults' | 'listHeld' | 'releaseHeld' | 'setProtocolPace'
  >;
}

export interface FaultOutcome {
  faults: FaultState;
  /** Agents that did not take the change now; they get the whole state when they come back. */
  unreached: string[];
}

export interface PaceOutcome {
  /** The rate every agent runs at when nothing is held (hold mode still stops time). */
  rate: number;
  /** Agents that did not take it now; they get it when they come back. */
  unreached: string[];
}

export class FaultPlan {
  private state: FaultState = healthyFaultState();
  /** The protocol rate a person chose for every agent: 1 is real time. */
  private paceRate = 1;
  /** Agents whose fault state or pace may be behind the console's. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly clients: ReadonlyMap<string, PlanAgent>,
    /** Called after the plan changed the state by itself (the tray emptied somewhere), to publish it. */
    private readonly onOwnChange: () => void = () => {},
  ) {}

  current(): FaultState {
    return this.state;
  }

  get pace(): number {
    return this.paceRate;
  }

  isPaused(nodeId: string): boolean {
    return this.state.paused.includes(nodeId);
  }

  /** Validates the change against this cluster's nodes, applies it here and at every agent. */
  async apply(input: FaultChange): Promise<FaultOutcome> {
    const nodes = [...this.clients.keys()];
    const change = validatedChange(input, nodes);
    const next = applyFaultChange(this.state, change, nodes);
    if (change.kind === 'unhold' && !linksHeld(next)) return this.liftHold(next);
    this.state = next;
    const unreached = await this.everyAgent(async (client) => {
      if (this.stale.has(client.nodeId)) await this.catchUp(client);
      else await client.control.applyFault(change);
    });
    return { faults: this.state, unreached };
  }

  /** Sets every agent's protocol rate (0 stops, 1 is real time); agents not reached get it when back. */
  async setPace(rate: number): Promise<PaceOutcome> {
    this.paceRate = rate;
    const unreached = await this.everyAgent(async (client) => {
      await client.control.setProtocolPace(rate);
    });
    return { rate, unreached };
  }

  /** An agent lost its faults, pace and held messages (it restarted): send it everything again until it takes it. */
  async resend(nodeId: string): Promise<void> {
    this.stale.add(nodeId);
    // What it held died with the old process, so the others need not wait for it any more.
    await this.narrowHeldAt(this.state.hold.heldAt.filter((node) => node !== nodeId));
    await this.resendIfStale(nodeId);
  }

  /** Sends the whole state to an agent that may have missed changes; it stays stale if the call fails. */
  async resendIfStale(nodeId: string): Promise<void> {
    const client = this.clients.get(nodeId);
    if (!client || !this.stale.has(nodeId)) return;
    try {
      await this.catchUp(client);
    } catch {
      // Still stale: the next health answer or fault change tries again.
    }
  }

  /** Every message held at any agent, oldest first. */
  async held(): Promise<HeldMessage[]> {
    const lists: HeldMessage[][] = [];
    const gone: string[] = [];
    await this.everyAgent(async (client) => {
      try {
        lists.push(await client.control.listHeld());
      } catch (error) {
        if ((error as Partial<ServiceError>).code === status.UNAVAILABLE) gone.push(client.nodeId);
        throw error;
      }
    });
    // A gate whose process is gone holds nothing any more: nobody waits for messages nobody can release.
    await this.narrowHeldAt(this.state.hold.heldAt.filter((node) => !gone.includes(node)));
    return lists.flat().sort((a, b) => a.heldAtMs - b.heldAtMs);
  }

  /** Releases one held message at the agent that holds it (the sender); its tray emptied, time may run again. */
  async release(nodeId: string, messageId: string, action: HeldAction): Promise<number> {
    const heldCount = await this.clients.get(nodeId)!.control.releaseHeld(messageId, action);
    if (heldCount === 0) await this.narrowHeldAt(this.state.hold.heldAt.filter((node) => node !== nodeId));
    return heldCount;
  }

  /**
   * Hold mode ends: every agent learns it with every node listed as still holding, so no agent's time
   * starts before the count; their answers say who really holds messages, and the list shrinks to those.
   */
  private async liftHold(next: FaultState): Promise<FaultOutcome> {
    const nodes = [...this.clients.keys()];
    this.state = withHeldAt(next, nodes);
    const holding: string[] = [];
    const unreached = await this.everyAgent(async (client) => {
      const response = await this.sendState(client);
      if (response.heldCount > 0) holding.push(client.nodeId);
    });
    await this.narrowHeldAt(holding);
    return { faults: this.state, unreached };
  }

  /**
   * Drops from hold.heldAt every node not in `stillHolding`, telling every agent when the list shrinks.
   * It never grows here: a node taken off (its tray emptied meanwhile) stays off.
   */
  private async narrowHeldAt(stillHolding: readonly string[]): Promise<void> {
    const heldAt = this.state.hold.heldAt.filter((node) => stillHolding.includes(node));
    if (heldAt.length === this.state.hold.heldAt.length) return;
    this.state = withHeldAt(this.state, heldAt);
    this.onOwnChange();
    await this.everyAgent(async (client) => {
      await this.sendState(client);
    });
  }

  private async sendState(client: PlanAgent): Promise<FaultsResponse> {
    if (this.stale.has(client.nodeId)) return this.catchUp(client);
    return client.control.setFaults(this.state);
  }

  /** Brings an agent that may have missed changes up to date: the whole fault state, then the pace. */
  private async catchUp(client: PlanAgent): Promise<FaultsResponse> {
    const response = await client.control.setFaults(this.state);
    await client.control.setProtocolPace(this.paceRate);
    this.stale.delete(client.nodeId);
    return response;
  }

  /** Runs `call` at every agent at once; returns the ids of those where it failed (now marked stale). */
  private async everyAgent(call: (client: PlanAgent) => Promise<void>): Promise<string[]> {
    const clients = [...this.clients.values()];
    const results = await Promise.allSettled(clients.map(call));
    const failed = clients.filter((_, i) => results[i]!.status === 'rejected').map((client) => client.nodeId);
    for (const nodeId of failed) this.stale.add(nodeId);
    return failed;
  }
}

/** The change checked against this cluster's nodes; a bad one is refused naming its field under `change.`. */
function validatedChange(input: FaultChange, nodes: readonly string[]): FaultChange {
  try {
    return validateFaultChange(input, nodes);
  } catch (error) {
    if (!(error instanceof FaultModelError)) throw error;
    throw invalidInput(error.under('change'));
  }
}

function withHeldAt(state: FaultState, heldAt: readonly string[]): FaultState {
  return { ...state, hold: { ...state.hold, heldAt: [...heldAt] } };
}
