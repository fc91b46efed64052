/**
 * A deterministic cluster: N nodes built from a topology, each running the pure core, joined by a
 * simulated wire and disk, driven by a time-ordered agenda. The only ways in are `apply(input)` and
 * `restore(state)`, so a seed plus the list of inputs replays a run exactly, in Node or in a browser.
 */
import {
  applyFaultChange,
  canReach,
  FaultModelError,
  isPaused,
  validateFaultChange,
  type FaultChange,
} from '../model/fault-model';
import { defaultTopology, placementGroups, validateTopology, type Topology } from '../model/topology';
import { defaultCoreConfig } from '../paxos';
import type { ClientReply, CoreConfig, NodeId } from '../paxos/types';
import { protocolNamed, type AnyInput, type AnyMessage, type AnyProtocol } from '../protocol/registry';
import { answeredAttempt, nodeDownReply, openCall, openRetry } from './client-calls';
import { toClientRequest } from './client-request';
import {
  parseSimulationInput,
  simInputSchema,
  simOptionsSchema,
  SimulationError,
  type SimInputDraft,
  type SimOptions,
  type SimOptionsInput,
} from './inputs';
import { schedule, popEvent, nextEventAtMs, type ScheduledEvent } from './scheduler';
import {
  arrive,
  duplicateWire,
  sendMessage,
  takeWire,
  type DropReason,
  type WireMessage,
} from './sim-network';
import { crashNode, startNode, wipeNode, type SimNode } from './sim-node';
import { notify, type SimObserver } from './sim-observer';
import { createSimState, type ClientCall, type SimState } from './sim-state';
import { writeRecords } from './sim-storage';

export class Simulation {
  readonly options: SimOptions;
  readonly topology: Topology;
  state: SimState;
  /** Watchers of this run; replays may swap them out. */
  observers: SimObserver[];
  /** The protocol every node runs (options.protocol). */
  readonly protocol: AnyProtocol;
  private readonly coreConfigs: Record<NodeId, CoreConfig>;

  constructor(seed: number, options: SimOptionsInput = {}, observers: SimObserver[] = []) {
    this.options = parseSimulationInput(simOptionsSchema, options, 'options');
    this.topology = this.options.topology ? validateTopology(this.options.topology) : defaultTopology();
    this.protocol = protocolNamed(this.options.protocol);
    const groups = placementGroups(this.topology);
    const nodeOrder = groups.flatMap((group) => group.members);
    this.coreConfigs = Object.fromEntries(nodeOrder.map((id) => [id, this.coreConfig(id, groups)]));
    this.observers = observers;
    this.state = createSimState(seed, this.options, nodeOrder);
    for (const id of nodeOrder) this.start(this.node(id));
  }

  /** The core's defaults with the topology's limits, as the agent builds it. */
  private coreConfig(id: NodeId, groups: CoreConfig['groups']): CoreConfig {
    const config = { ...defaultCoreConfig(id, groups), fastPath: this.options.fastPath };
    const { keyBytesMax, valueBytesMax, dedupWindow } = this.topology.limits;
    Object.assign(config.limits, { keyBytesMax, valueBytesMax });
    config.dedupWindow = dedupWindow;
    if (this.topology.zoneFailures !== undefined) config.zoneFailures = this.topology.zoneFailures;
    return config;
  }

  get nowMs(): number {
    return this.state.nowMs;
  }

  /** Messages on the wire, oldest first, with their send and delivery times (for views). */
  inFlight(): readonly WireMessage[] {
    return this.state.network.inFlight;
  }

  /** Replaces the whole state, for example with a checkpoint's clone. */
  restore(state: SimState): void {
    this.state = state;
  }

  /** Applies one input; throws SimulationError naming the field when it cannot apply. */
  apply(draft: SimInputDraft): void {
    const input = parseSimulationInput(simInputSchema, draft, 'input');
    if (input.kind !== 'advance' && input.kind !== 'step') this.state.stepCount += 1;
    switch (input.kind) {
      case 'client': {
        const node = this.node(input.node, 'input.node');
        return this.callClient(node, openCall(this.state, node.id, input.op, input.deadlineMs ?? null));
      }
      case 'retry': {
        const node = this.node(input.node, 'input.node');
        return this.callClient(node, openRetry(this.state, input.of, node.id, input.deadlineMs));
      }
      case 'fault':
        return this.applyFault(input.change);
      case 'crash':
        if (input.point === 'afterPersist') this.runningNode(input.node).crashAfterPersist = true;
        else if (input.point === 'beforePersist') this.runningNode(input.node).crashBeforePersist = true;
        else this.crash(this.runningNode(input.node), false);
        return;
      case 'restart':
        return this.restart(input.node);
      case 'wipe':
        return this.wipe(input.node);
      case 'advance':
        return this.advanceTo(input.toMs);
      case 'step':
        return this.stepOnce();
      case 'deliver':
        return this.deliverByHand(input.wireId);
      case 'drop':
        return this.dropByHand(input.wireId);
      case 'duplicate':
        return this.duplicateByHand(input.wireId);
    }
  }

  private node(id: NodeId, field = 'node'): SimNode {
    const node = this.state.nodes[id];
    if (!node) throw new SimulationError(field, `no node "${id}"`);
    return node;
  }

  private runningNode(id: NodeId): SimNode {
    const node = this.node(id, 'input.node');
    if (!node.core) throw new SimulationError('input.node', `node "${id}" is not running`);
    return node;
  }

  /** Starts the process from its disk: learner-only exactly when the disk says so. */
  private start(node: SimNode): void {
    const nodeIndex = this.state.nodeOrder.indexOf(node.id);
    const config = this.coreConfigs[node.id]!;
    const learnerOnly = startNode(node, this.protocol, config, {
      runSeed: this.state.seed,
      nodeIndex,
      nowMs: this.state.nowMs,
    });
    const records = Object.values(node.storage.durable);
    notify(this.observers, 'onLifecycle', this.state.nowMs, node.id, { kind: 'start', learnerOnly, records });
  }

  /**
   * Kills the process now; `afterPersist` when it dies right after a persist, before sending;
   * `beforePersist` when it dies after a Ready's early sends, before that Ready's write.
   */
  private crash(node: SimNode, afterPersist: boolean, beforePersist = false): void {
    const lostKeys = crashNode(node);
    this.removePause(node.id);
    notify(this.observers, 'onLifecycle', this.state.nowMs, node.id, {
      kind: 'crash',
      lostKeys,
      afterPersist,
      ...(beforePersist ? { beforePersist } : {}),
    });
  }

  /** Starts a crashed node; on a running node it only cancels a crash still armed after persist. */
  private restart(id: NodeId): void {
    const node = this.node(id, 'input.node');
    if (node.core && (node.crashAfterPersist || node.crashBeforePersist)) {
      node.crashAfterPersist = false;
      node.crashBeforePersist = false;
    } else if (node.core) throw new SimulationError('input.node', `node "${id}" is already running`);
    else this.start(node);
  }

  private wipe(id: NodeId): void {
    const node = this.node(id, 'input.node');
    if (node.core) this.crash(node, false);
    wipeNode(node);
    this.start(node);
  }

  /** A killed process is not paused when it comes back. */
  private removePause(id: NodeId): void {
    if (isPaused(this.state.faults, id)) this.changeFaults({ kind: 'resume', node: id });
  }

  private applyFault(draft: unknown): void {
    const change = this.validFault(draft);
    this.changeFaults(change);
    notify(this.observers, 'onFault', this.state.nowMs, change);
    if (change.kind === 'resume') this.resume(this.node(change.node));
  }

  /** The fault model's own checks (known nodes, disjoint sides), reported like every input error. */
  private validFault(draft: unknown): FaultChange {
    try {
      return validateFaultChange(draft, this.state.nodeOrder);
    } catch (error) {
      if (error instanceof FaultModelError) {
        throw SimulationError.from(error.under('input.change'));
      }
      throw error;
    }
  }

  private changeFaults(change: FaultChange): void {
    this.state.faults = applyFaultChange(this.state.faults, change, this.state.nodeOrder);
  }

  /** Sends one attempt to its node; a node that is down answers at once, as a refused connection. */
  private callClient(node: SimNode, call: ClientCall): void {
    notify(this.observers, 'onClientCall', this.state.nowMs, call);
    if (!node.core) return this.answer(call, nodeDownReply(this.state, call));
    const request = toClientRequest(call.requestId, call.op, call.deadlineMs);
    this.input(node, { kind: 'client', request });
  }

  private answer(call: ClientCall, reply: ClientReply): void {
    if (call.reply) return;
    call.reply = reply;
    call.repliedAtMs = this.state.nowMs;
    notify(this.observers, 'onClientReply', this.state.nowMs, call);
  }

  /** Hands an input to a running node, or to its inbox while it is paused. */
  private input(node: SimNode, input: AnyInput): void {
    if (isPaused(this.state.faults, node.id)) node.inbox.push(input);
    else this.stepNode(node, input);
  }

  /**
   * A resumed process first sees the time (a tick at now), as the agent steps a tick before anything
   * else after a SIGSTOP: requests that expired while it stood still end before any could start a
   * round on a stale clock.
   */
  private resume(node: SimNode): void {
    if (node.core) this.stepNode(node, { kind: 'tick', nowMs: this.state.nowMs });
    this.drainInbox(node);
  }

  private drainInbox(node: SimNode): void {
    while (node.core && node.inbox.length > 0 && !isPaused(this.state.faults, node.id)) {
      this.stepNode(node, node.inbox.shift()!);
    }
  }

  /**
   * One core step, then its Ready in order: the messages that may go before the persist, the persist
   * (synced if asked; every earlier Ready's is already durable here), the other messages, the replies.
   */
  private stepNode(node: SimNode, input: AnyInput): void {
    const { state, ready } = this.protocol.step(node.core!, input);
    node.core = state;
    const nowMs = this.state.nowMs;
    notify(this.observers, 'onStep', nowMs, node.id, input, ready);
    for (const message of ready.sendBeforePersist ?? []) this.send(message);
    if (node.crashBeforePersist && (ready.persist.length > 0 || ready.meta)) {
      this.crash(node, false, true);
      return;
    }
    const durable = writeRecords(node.storage, ready, this.protocol.copyRecord);
    if (durable.length > 0) notify(this.observers, 'onDurable', nowMs, node.id, durable);
    if (node.crashAfterPersist && (ready.persist.length > 0 || ready.meta)) {
      this.crash(node, true);
      return;
    }
    for (const message of ready.messages) this.send(message);
    for (const reply of ready.replies) {
      const call = answeredAttempt(this.state, node.id, reply);
      if (call) this.answer(call, reply);
    }
  }

  private send(message: AnyMessage): void {
    const nowMs = this.state.nowMs;
    for (const wire of sendMessage(this.state.network, this.state.faults, nowMs, message)) {
      notify(this.observers, 'onSend', nowMs, wire);
      if (wire.deliverAtMs !== null)
        schedule(this.state.scheduler, wire.deliverAtMs, { kind: 'arrive', wireId: wire.wireId });
    }
  }

  /** Runs every event due by `toMs`, then sets the clock to `toMs`. */
  private advanceTo(toMs: number): void {
    if (toMs < this.state.nowMs) {
      throw new SimulationError('input.toMs', `must be at least the current time ${this.state.nowMs} ms`);
    }
    for (
      let at = nextEventAtMs(this.state.scheduler);
      at !== null && at <= toMs;
      at = nextEventAtMs(this.state.scheduler)
    ) {
      this.stepOnce();
    }
    this.state.nowMs = toMs;
  }

  /** Processes the earliest event on the agenda; there is always one (the next tick). */
  private stepOnce(): void {
    const due = popEvent(this.state.scheduler);
    if (!due) throw new SimulationError('input', 'nothing is scheduled');
    this.state.nowMs = due.atMs;
    this.state.stepCount += 1;
    this.handle(due.event);
  }

  private handle(event: ScheduledEvent): void {
    if (event.kind === 'tick') {
      for (const id of this.state.nodeOrder) {
        const node = this.node(id);
        if (node.core && !isPaused(this.state.faults, id))
          this.stepNode(node, { kind: 'tick', nowMs: this.state.nowMs });
      }
      schedule(this.state.scheduler, this.state.nowMs + this.options.tickIntervalMs, { kind: 'tick' });
      return;
    }
    const arrival = arrive(this.state.network, this.state.faults, event.wireId);
    if (!arrival) return;
    if (arrival.lostTo) this.lose(arrival.wire, arrival.lostTo, arrival.wire.dropped !== null);
    else this.receive(arrival.wire);
  }

  /** A lost message; a loss decided at send time was already reported with the send. */
  private lose(wire: WireMessage, reason: DropReason, reported: boolean): void {
    if (!reported) notify(this.observers, 'onDrop', this.state.nowMs, wire, reason);
  }

  private receive(wire: WireMessage): void {
    const node = this.state.nodes[wire.message.to];
    if (!node?.core) return this.lose(wire, 'peer-down', false);
    notify(this.observers, 'onDeliver', this.state.nowMs, wire);
    this.input(node, { kind: 'receive', message: wire.message });
  }

  private liveWire(wireId: number): WireMessage {
    const wire = takeWire(this.state.network, wireId);
    if (!wire || wire.dropped) throw new SimulationError('input.wireId', `no message ${wireId} on the wire`);
    return wire;
  }

  private deliverByHand(wireId: number): void {
    const wire = this.liveWire(wireId);
    if (canReach(this.state.faults, wire.message.from, wire.message.to)) this.receive(wire);
    else this.lose(wire, 'partition', false);
  }

  private dropByHand(wireId: number): void {
    this.lose(this.liveWire(wireId), 'held-drop', false);
  }

  private duplicateByHand(wireId: number): void {
    const copy = duplicateWire(this.state.network, this.state.faults, this.state.nowMs, wireId);
    if (!copy || copy.dropped) throw new SimulationError('input.wireId', `no message ${wireId} on the wire`);
    notify(this.observers, 'onSend', this.state.nowMs, copy);
    if (copy.deliverAtMs !== null)
      schedule(this.state.scheduler, copy.deliverAtMs, { kind: 'arrive', wireId: copy.wireId });
  }
}
