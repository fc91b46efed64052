/**
 * A simulated cluster in the console's main process: app/simulator's Simulation (the same cores, any
 * protocol of the registry) under a History, so it can step, go back, branch and switch branch, with
 * the safety checkers watching and rewound with it. What agents would do for the console it does for
 * the simulated nodes: their event streams, client requests (a request enters the run as a client
 * input at the current simulated time; the answer comes when the run produces it), faults, held
 * messages, crash and restart. Its clock (sim-clock.ts) lets time run free or stand still.
 */
import type { ClientReply, ClientRequest } from '../../app/kv/operations';
import type { ClusterEvent } from '../../app/model/cluster-event';
import {
  applyFaultChange,
  holdInForce,
  validateFaultChange,
  validateFaultState,
  type FaultChangeInput,
  type FaultState,
} from '../../app/model/fault-model';
import { nodeLocations, validateTopology } from '../../app/model/topology';
import type { NodeId } from '../../app/paxos/types';
import { createClusterEventRecorder } from '../../app/simulator/cluster-events';
import { DurabilityChecker } from '../../app/simulator/durability-checker';
import type { ClientOp, SimInput, SimInputDraft, SimOptionsInput } from '../../app/simulator/inputs';
import { SafetyChecker } from '../../app/simulator/safety-checker';
import { heldMessages } from '../../app/simulator/sim-network';
import type { ClientCall } from '../../app/simulator/sim-state';
import { Simulation } from '../../app/simulator/simulation';
import { History } from '../../app/simulator/time-travel';
import type { Violation } from '../../app/simulator/violation';
import { bytesToUtf8 } from '../../app/util/byte-text';
import { FieldError } from '../../app/util/field-error';
import { BranchTree, type StepEvent } from './branch-tree';
import { NodeEventStream } from './node-event-stream';
import { SimStepCounts } from './sim-step-counts';

export interface SimulatedClusterSettings {
  seed: number;
  /** The options of the run; `topology` carries the ports the nodes' services listen on. */
  options: SimOptionsInput;
  /** A shared scenario's inputs, applied before anything else. */
  inputs: readonly SimInput[];
  /** Events kept per branch for showing again after a step back (the console's recorder size). */
  eventsKeptMax: number;
}

export interface SimulatedClusterListener {
  /**
   * The present was replaced (back, forward, branch switch): these are its events, oldest first, and
   * each node's last event number so far (events up to it still on their way are superseded).
   */
  onRewrite(events: ClusterEvent[], lastSeqs: ReadonlyMap<NodeId, number>): void;
  /** Something the node views show changed outside the event stream (a crash, a restart). */
  onChange(): void;
}

/** Checkpoints every this many steps; a step back within checkpointsDenseSteps replays at most this many. */
export const checkpointEverySteps = 250;
/**
 * Every checkpoint of the newest this many steps is kept (a step back across 10,000 events stays
 * quick); older ones are thinned (History's denseSteps), so a long free run's memory stays bounded.
 */
export const checkpointsDenseSteps = 20_000;

export class SimulatedCluster {
  readonly sim: Simulation;
  readonly history: History;
  readonly streams: ReadonlyMap<NodeId, NodeEventStream>;
  readonly checkers: readonly [SafetyChecker, DurabilityChecker];
  readonly tree = new BranchTree();
  /** Each node's core events since it started, for GetStatus's `steps`. */
  readonly stepCounts = new SimStepCounts();
  /** This branch's events (past and, after a step back, future), tagged with their step. */
  private events: StepEvent[] = [];
  /** How far this branch has got (its future's end after a step back). */
  private frontier = { step: 0, ms: 0 };
  /** Client attempts waiting for their reply, by the simulation's call id. */
  private readonly waiting = new Map<string, (reply: ClientReply) => void>();
  /** A client's request id → the simulation's (c1, c2, ...), so a client's retry is a retry. */
  private readonly requestIds = new Map<string, string>();
  /** Where each violation was first seen: its key → the step. */
  private readonly violationSteps = new Map<string, number>();
  private readonly eventsKeptMax: number;
  /** The events the last input produced (what a run-until condition reads). */
  private inputEvents: ClusterEvent[] = [];

  constructor(
    settings: SimulatedClusterSettings,
    private readonly listener: SimulatedClusterListener,
  ) {
    this.eventsKeptMax = settings.eventsKeptMax;
    const topology = validateTopology(settings.options.topology);
    const ids = nodeLocations(topology).map((location) => location.id);
    this.streams = new Map(ids.map((id) => [id, new NodeEventStream()]));
    const safety = new SafetyChecker();
    const durability = new DurabilityChecker();
    this.checkers = [safety, durability];
    const protocol = settings.options.protocol ?? 'paxoskv';
    const recorder = createClusterEventRecorder(ids, (event) => this.onEvent(event), protocol);
    const replies = { onClientReply: (_nowMs: number, call: ClientCall) => this.answered(call) };
    const observers = [recorder, safety, durability, replies, this.stepCounts];
    this.sim = new Simulation(settings.seed, settings.options, observers);
    this.history = new History(this.sim, { checkpointEverySteps, denseSteps: checkpointsDenseSteps }, [
      ...this.checkers,
      this.stepCounts,
    ]);
    for (const input of settings.inputs) this.history.apply(input);
    this.atFrontier();
  }

  get stepCount(): number {
    return this.sim.state.stepCount;
  }

  get faults(): FaultState {
    return this.sim.state.faults;
  }

  /** Time stands still while a link is held or a message waits in the tray, as on agents. */
  get holding(): boolean {
    return holdInForce(this.faults) || heldMessages(this.sim.state.network).length > 0;
  }

  get stepsAhead(): number {
    return Math.max(0, this.frontier.step - this.stepCount);
  }

  /** Violations so far on this path, both checkers, in the order found. */
  violations(): Violation[] {
    return [...this.checkers[0].violations, ...this.checkers[1].violations];
  }

  /** The step a violation was first seen at, or null when it was found while replaying a branch. */
  violationStep(violation: Violation): number | null {
    return this.violationSteps.get(violationKey(violation)) ?? null;
  }

  /** What the last input produced. */
  get lastInputEvents(): readonly ClusterEvent[] {
    return this.inputEvents;
  }

  /** The events of the present (with their steps), oldest first. */
  presentEvents(): StepEvent[] {
    const step = this.stepCount;
    return this.events.filter((tagged) => tagged.step <= step);
  }

  // --- inputs -------------------------------------------------------------------------------------

  /**
   * Applies one input at the present. In the past (after a step back) that starts a new branch from
   * here, DSLabs style: the branch left keeps its future and can be switched back to.
   */
  input(draft: SimInputDraft): void {
    if (this.history.canRedo()) this.branchHere();
    this.inputEvents = [];
    this.history.apply(draft);
    this.noteViolations();
    this.atFrontier();
  }

  private atFrontier(): void {
    this.frontier = { step: this.stepCount, ms: this.sim.nowMs };
  }

  private noteViolations(): void {
    for (const violation of this.violations()) {
      const key = violationKey(violation);
      if (!this.violationSteps.has(key)) this.violationSteps.set(key, this.stepCount);
    }
  }

  /** Time runs `ms` of simulated time on (the clock's tick). */
  advanceBy(ms: number): void {
    this.input({ kind: 'advance', toMs: this.sim.nowMs + ms });
  }

  /** Moves time to the first tick at or after `atMs`, where a timer due then fires. */
  fireTimerAt(atMs: number): void {
    const tick = this.sim.options.tickIntervalMs;
    this.input({ kind: 'advance', toMs: Math.max(this.sim.nowMs, Math.ceil(atMs / tick) * tick) });
  }

  /** Faults are cluster-wide here: the same change sent for every node is applied once. */
  applyFault(change: FaultChangeInput): FaultState {
    const valid = validateFaultChange(change, this.sim.state.nodeOrder);
    const next = applyFaultChange(this.faults, valid, this.sim.state.nodeOrder);
    if (JSON.stringify(next) !== JSON.stringify(this.faults)) this.input({ kind: 'fault', change: valid });
    this.listener.onChange();
    return this.faults;
  }

  /** Kills the node now: what it was answering is lost, so its callers hear so at once, as from an agent. */
  crash(node: NodeId): void {
    this.input({ kind: 'crash', node });
    for (const [callId, resolve] of this.waiting) {
      if (this.sim.state.calls[callId]?.node !== node) continue;
      this.waiting.delete(callId);
      const message = `${node} crashed before it answered; the request may or may not have taken effect`;
      resolve({ requestId: callId, ok: false, code: 'UNAVAILABLE', message, definite: false });
    }
  }

  restart(node: NodeId): void {
    this.input({ kind: 'restart', node });
  }

  /** Deletes the node's disk and starts it learner-only. */
  wipe(node: NodeId): void {
    this.input({ kind: 'wipe', node });
  }

  /**
   * The fault plan's whole-state call (SetFaults). A simulated node never loses the cluster's faults,
   * so only what the plan changes this way matters: the hold, which it lifts by sending the state.
   * Messages already held stay in the tray until released, as in an agent's gate.
   */
  setFaults(requested: unknown): FaultState {
    const want = validateFaultState(requested).hold;
    const have = this.faults.hold;
    if (want.all !== have.all || JSON.stringify(want.links) !== JSON.stringify(have.links)) {
      this.input({ kind: 'fault', change: { kind: 'unhold' } });
      if (want.all) this.input({ kind: 'fault', change: { kind: 'hold' } });
      for (const link of want.links) this.input({ kind: 'fault', change: { kind: 'hold', link } });
    }
    return this.faults;
  }

  // --- client requests ------------------------------------------------------------------------------

  /**
   * One client request through `node`, answered when the run produces the reply. A key the node does
   * not replicate goes on to the key's replicas in role order, as an agent forwards it.
   */
  async request(node: NodeId, request: ClientRequest): Promise<{ reply: ClientReply; servedBy: NodeId }> {
    const op = clientOp(request);
    let servedBy = node;
    let reply = await this.attempt(node, op, request.requestId);
    for (const replica of (!reply.ok && reply.code === 'NOT_REPLICA' && reply.replicas) || []) {
      servedBy = replica;
      reply = await this.attempt(replica, op, request.requestId);
      if (reply.ok || reply.code !== 'UNAVAILABLE') break;
    }
    // A write answers with the caller's request id; the run's own (c1, ...) stays inside.
    return { reply: { ...reply, requestId: request.requestId }, servedBy };
  }

  private attempt(node: NodeId, op: ClientOp, clientRequestId: string): Promise<ClientReply> {
    const known = clientRequestId === '' ? undefined : this.requestIds.get(clientRequestId);
    this.input(known ? { kind: 'retry', of: known, node } : { kind: 'client', node, op });
    const calls = this.sim.state.calls;
    const call = calls[Object.keys(calls).at(-1)!]!;
    if (!known && clientRequestId !== '') this.requestIds.set(clientRequestId, call.requestId);
    if (call.reply) return Promise.resolve(call.reply);
    return new Promise((resolve) => this.waiting.set(call.callId, resolve));
  }

  private answered(call: ClientCall): void {
    const resolve = this.waiting.get(call.callId);
    if (!resolve || !call.reply) return;
    this.waiting.delete(call.callId);
    resolve(call.reply);
  }

  /** After the present was replaced: attempts it no longer holds are answered as undone. */
  private settleWaiting(): void {
    for (const [callId, resolve] of this.waiting) {
      const call = this.sim.state.calls[callId];
      if (call && !call.reply) continue;
      this.waiting.delete(callId);
      resolve(
        call?.reply ?? {
          requestId: callId,
          ok: false,
          code: 'UNAVAILABLE',
          message: 'the simulation went back before this request; it was never sent in the present',
          definite: true,
        },
      );
    }
  }

  // --- time travel and branches ----------------------------------------------------------------------

  /** Goes back `steps` steps (to the start at most); the future stays, for `forward` or a branch. */
  back(steps: number): void {
    this.history.seekStep(Math.max(0, this.stepCount - steps));
    this.rewrite();
  }

  /** Redoes steps a back undid, up to how far this branch had got. */
  forward(steps: number): void {
    this.history.seekStep(Math.min(this.frontier.step, this.stepCount + steps));
    this.rewrite();
  }

  /** A new branch from the present; the one left keeps its whole log and future. */
  branchHere(): void {
    const step = this.stepCount;
    this.tree.save(this.history.saveBranch(), this.frontier.step, this.frontier.ms, this.events);
    const branch = this.tree.fork(step);
    // The new branch's log ends here: drop the future the branch left keeps.
    if (this.history.canRedo()) this.history.switchTo(this.history.inputs());
    this.events = branch.events;
    this.atFrontier();
  }

  switchBranch(id: number): void {
    if (id === this.tree.current.id) return;
    this.tree.save(this.history.saveBranch(), this.frontier.step, this.frontier.ms, this.events);
    const branch = this.tree.select(id);
    this.history.restoreBranch(branch.saved);
    this.events = branch.events;
    this.atFrontier();
    this.rewrite();
  }

  private rewrite(): void {
    for (const stream of this.streams.values()) stream.forgetRing();
    this.settleWaiting();
    const lastSeqs = new Map([...this.streams].map(([id, stream]) => [id, stream.lastSeq]));
    this.listener.onRewrite(
      this.presentEvents().map((tagged) => tagged.event),
      lastSeqs,
    );
    this.listener.onChange();
  }

  // --- events --------------------------------------------------------------------------------------

  private onEvent(event: ClusterEvent): void {
    // The simulation is still being built while its nodes start (step 0).
    const step = (this.sim as Simulation | undefined)?.state.stepCount ?? 0;
    const numbered = this.streams.get(event.agent)?.push(event) ?? event;
    this.events.push({ step, event: numbered });
    this.inputEvents.push(numbered);
    if (this.events.length > this.eventsKeptMax * 1.25) {
      this.events.splice(0, this.events.length - this.eventsKeptMax);
    }
    if (event.type === 'nodeStarted' || event.type === 'nodeStopped') this.listener.onChange();
  }

  close(): void {
    for (const stream of this.streams.values()) stream.close();
    this.settleWaiting();
  }
}

function violationKey(violation: Violation): string {
  return `${violation.atMs} ${violation.invariant} ${violation.detail}`;
}

/** The request as the simulator takes it: values are text (UTF-8), as the console writes them. */
function clientOp(request: ClientRequest): ClientOp {
  const operation = request.operation;
  if (operation.kind === 'get' || operation.kind === 'delete')
    return { kind: operation.kind, key: operation.key };
  const value = bytesToUtf8(operation.value);
  if (value === null) throw new FieldError('value', 'must be UTF-8 text in a simulated cluster');
  return operation.kind === 'put'
    ? { kind: 'put', key: operation.key, value }
    : { kind: 'cas', key: operation.key, value, expectedVersion: operation.expectedVersion };
}
