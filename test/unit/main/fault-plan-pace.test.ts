/**
 * The console keeps protocol time stopped on every agent while any gate still holds messages, and
 * restores the chosen pace when the tray empties, restarted agents included. Each agent here is an
 * in-memory twin of an agent's control side built on the agent's own parts: the fault model applies
 * changes and states, and the real ProtocolPace over a ProtocolClock decides the rate in force.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  applyFaultChange,
  healthyFaultState,
  validateFaultChange,
  validateFaultState,
  type FaultChangeInput,
  type FaultState,
} from '../../../app/model/fault-model';
import type { FaultsResponse, HeldMessage } from '../../../app/proto/generated/control';
import { FaultPlan, type PlanAgent } from '../../../main/faults/fault-plan';
import { ProtocolPace } from '../../../node-agent/process/control/protocol-pace';
import { EventStream } from '../../../node-agent/process/events/event-stream';
import { ProtocolClock } from '../../../node-agent/process/runtime/protocol-clock';

const nodes = ['n0', 'n1', 'n2'];

function unavailable(nodeId: string): ServiceError {
  return Object.assign(new Error(`14 UNAVAILABLE: ${nodeId} is down`), {
    code: status.UNAVAILABLE,
    details: `${nodeId} is down`,
    metadata: new Metadata(),
  });
}

/** One agent's fault state, held messages and protocol pace, as its ControlService keeps them. */
class TwinAgent implements PlanAgent {
  state: FaultState = healthyFaultState();
  heldCount = 0;
  up = true;
  /** Every rate this agent's clock ran at, in order (its protocolPace events). */
  readonly rates: number[] = [];
  private pace = this.freshPace();
  readonly control = {
    applyFault: (change: FaultChangeInput) =>
      this.answer(() => {
        this.state = applyFaultChange(this.state, validateFaultChange(change, nodes), nodes);
      }),
    setFaults: (state: FaultState | null) =>
      this.answer(() => {
        this.state = validateFaultState(JSON.parse(JSON.stringify(state ?? {})));
      }),
    listHeld: () =>
      this.call(() =>
        Array.from({ length: this.heldCount }, (_, i): HeldMessage => heldMessage(this.nodeId, i)),
      ),
    releaseHeld: () =>
      this.call(() => {
        this.heldCount -= 1;
        this.pace.refresh();
        return this.heldCount;
      }),
    setProtocolPace: (rate: number) => this.call(() => this.pace.set(rate)),
  };

  constructor(readonly nodeId: string) {}

  get rate(): number {
    return this.pace.snapshot().rate;
  }

  /** A new process: no faults, nothing held, real time. */
  restart(): void {
    this.state = healthyFaultState();
    this.heldCount = 0;
    this.up = true;
    this.pace = this.freshPace();
  }

  private freshPace(): ProtocolPace {
    const events = new EventStream(this.nodeId, { ringCapacity: 100, watcherQueueMax: 100, now: () => 0 });
    events.watch(0, {
      write: (event) => (event.type === 'protocolPace' && this.rates.push(event.rate), true),
    });
    return new ProtocolPace(new ProtocolClock(() => 0), this, events);
  }

  private answer(change: () => void): Promise<FaultsResponse> {
    return this.call(() => {
      change();
      this.pace.refresh();
      return {
        stateJson: JSON.stringify(this.state),
        paused: false,
        heldCount: this.heldCount,
        pausedInputs: 0,
      };
    });
  }

  private call<T>(run: () => T): Promise<T> {
    if (!this.up) return Promise.reject(unavailable(this.nodeId));
    return Promise.resolve(run());
  }
}

function heldMessage(from: string, i: number): HeldMessage {
  return {
    id: `${from}-m${i}`,
    from,
    to: 'n0',
    type: 'accept',
    key: 'k',
    index: 1,
    ballot: undefined,
    heldAtMs: i,
  };
}

function makeCluster() {
  const agents = new Map(nodes.map((id) => [id, new TwinAgent(id)]));
  let ownChanges = 0;
  const plan = new FaultPlan(agents, () => (ownChanges += 1));
  const rates = () => Object.fromEntries([...agents].map(([id, agent]) => [id, agent.rate]));
  return { plan, agent: (id: string) => agents.get(id)!, rates, ownChanges: () => ownChanges };
}

describe('FaultPlan: protocol time while messages are held anywhere', () => {
  it('keeps every agent stopped after hold mode ends until the last held message is released', async () => {
    const { plan, agent, rates, ownChanges } = makeCluster();
    await plan.setPace(0.5);
    await plan.apply({ kind: 'hold' });
    agent('n1').heldCount = 2;
    const outcome = await plan.apply({ kind: 'unhold' });
    expect(outcome.faults.hold).toEqual({ all: false, links: [], heldAt: ['n1'] });
    expect(rates()).toEqual({ n0: 0, n1: 0, n2: 0 });
    await plan.release('n1', 'n1-m0', 'deliver');
    expect(rates()).toEqual({ n0: 0, n1: 0, n2: 0 });
    await plan.release('n1', 'n1-m1', 'drop');
    expect(plan.current().hold.heldAt).toEqual([]);
    expect(rates()).toEqual({ n0: 0.5, n1: 0.5, n2: 0.5 });
    expect(ownChanges()).toBe(2);
  });

  it('never lets an agent without held messages run between "stop holding" and the count', async () => {
    const { plan, agent } = makeCluster();
    await plan.apply({ kind: 'hold' });
    agent('n2').heldCount = 1;
    await plan.apply({ kind: 'unhold' });
    expect(agent('n0').rates).toEqual([0]);
    await plan.release('n2', 'n2-m0', 'deliver');
    expect(agent('n0').rates).toEqual([0, 1]);
  });

  it('does not wait for a tray emptied by a release while hold mode was ending', async () => {
    const { plan, agent, rates } = makeCluster();
    await plan.apply({ kind: 'hold' });
    agent('n1').heldCount = 1;
    await Promise.all([plan.apply({ kind: 'unhold' }), plan.release('n1', 'n1-m0', 'deliver')]);
    expect(plan.current().hold.heldAt).toEqual([]);
    expect(rates()).toEqual({ n0: 1, n1: 1, n2: 1 });
  });

  it('lets time run at once when nothing is held as hold mode ends', async () => {
    const { plan, rates } = makeCluster();
    await plan.apply({ kind: 'hold', link: { from: 'n0', to: 'n1' } });
    expect(rates()).toEqual({ n0: 0, n1: 0, n2: 0 });
    const outcome = await plan.apply({ kind: 'unhold', link: { from: 'n0', to: 'n1' } });
    expect(outcome.faults.hold.heldAt).toEqual([]);
    expect(rates()).toEqual({ n0: 1, n1: 1, n2: 1 });
  });

  it('stops an agent that restarts while the tray is not empty, and gives it the chosen pace after', async () => {
    const { plan, agent, rates } = makeCluster();
    await plan.setPace(0.2);
    await plan.apply({ kind: 'hold' });
    agent('n1').heldCount = 1;
    await plan.apply({ kind: 'unhold' });
    agent('n2').restart();
    expect(agent('n2').rate).toBe(1);
    await plan.resend('n2');
    expect(agent('n2').state.hold.heldAt).toEqual(['n1']);
    expect(rates()).toEqual({ n0: 0, n1: 0, n2: 0 });
    await plan.release('n1', 'n1-m0', 'deliver');
    expect(rates()).toEqual({ n0: 0.2, n1: 0.2, n2: 0.2 });
  });

  it('stops waiting for a holder that restarted, since its held messages died with it', async () => {
    const { plan, agent, rates } = makeCluster();
    await plan.apply({ kind: 'hold' });
    agent('n1').heldCount = 3;
    await plan.apply({ kind: 'unhold' });
    agent('n1').restart();
    await plan.resend('n1');
    expect(plan.current().hold.heldAt).toEqual([]);
    expect(rates()).toEqual({ n0: 1, n1: 1, n2: 1 });
  });

  it('stops waiting for a holder whose process is gone when the tray is listed', async () => {
    const { plan, agent, rates } = makeCluster();
    await plan.apply({ kind: 'hold' });
    agent('n0').heldCount = 1;
    agent('n2').heldCount = 1;
    await plan.apply({ kind: 'unhold' });
    agent('n0').up = false;
    expect((await plan.held()).map((message) => message.from)).toEqual(['n2']);
    expect(plan.current().hold.heldAt).toEqual(['n2']);
    expect(rates()).toMatchObject({ n1: 0, n2: 0 });
  });

  it('gives the chosen pace to an agent that was down when it was set, once it answers', async () => {
    const { plan, agent } = makeCluster();
    agent('n2').up = false;
    expect(await plan.setPace(0.1)).toEqual({ rate: 0.1, unreached: ['n2'] });
    agent('n2').restart();
    await plan.resendIfStale('n2');
    expect(agent('n2').rate).toBe(0.1);
    expect(plan.pace).toBe(0.1);
  });
});
