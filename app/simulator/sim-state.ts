/**
 * The whole state of a simulated cluster as plain data: nodes, wire, agenda, faults and client calls.
 * Nothing in it is a class or a closure, so a checkpoint is one structured clone and a restore is an
 * assignment.
 */
import { healthyFaultState, type FaultState } from '../model/fault-model';
import type { ClientReply, NodeId } from '../paxos/types';
import { createPrng } from '../util/prng';
import type { ClientOp, SimOptions } from './inputs';
import { createScheduler, schedule, type SchedulerState } from './scheduler';
import { createNetwork, type NetworkState } from './sim-network';
import { createSimNode, type SimNode } from './sim-node';

/**
 * One attempt of a client request and what became of it. A retry sends the same request (same id,
 * same operation) again, to the same node or another, as a client does after a timeout or a crash.
 */
export interface ClientCall {
  /** Unique per attempt: the request id for the first attempt, `c12/2` for its first retry, and so on. */
  callId: string;
  /** c1, c2, ... per new operation, in the order the simulation received them; retries repeat it. */
  requestId: string;
  /** 1 for the first attempt, 2 for the first retry, ... */
  attempt: number;
  node: NodeId;
  /**
   * The node process the attempt reached (its incarnation; 0 when it was down): a crash of that
   * process loses the attempt, so a reply can only come from the same incarnation.
   */
  incarnation: number;
  op: ClientOp;
  /** The caller's deadline in simulated ms; null when the node's own request timeout applies. */
  deadlineMs: number | null;
  invokedAtMs: number;
  /** Null while unanswered, and forever when the node crashed first. */
  reply: ClientReply | null;
  repliedAtMs: number | null;
}

export interface SimState {
  seed: number;
  nowMs: number;
  /** Events processed plus inputs other than advances (so slicing an advance changes nothing). */
  stepCount: number;
  /** Node ids in topology order: ticks and listings follow it. */
  nodeOrder: NodeId[];
  nodes: Record<NodeId, SimNode>;
  network: NetworkState;
  scheduler: SchedulerState;
  faults: FaultState;
  /** Every attempt, by callId, in the order they were made. */
  calls: Record<string, ClientCall>;
  nextRequestSeq: number;
}

/** A fresh cluster with every node stopped and the first tick scheduled. */
export function createSimState(seed: number, options: SimOptions, nodeOrder: NodeId[]): SimState {
  const scheduler = createScheduler();
  schedule(scheduler, options.tickIntervalMs, { kind: 'tick' });
  return {
    seed: seed >>> 0,
    nowMs: 0,
    stepCount: 0,
    nodeOrder,
    nodes: Object.fromEntries(nodeOrder.map((id) => [id, createSimNode(id)])),
    network: createNetwork(createPrng(seed ^ 0x5bd1e995), options.latencyMinMs, options.latencyMaxMs),
    scheduler,
    faults: healthyFaultState(),
    calls: {},
    nextRequestSeq: 1,
  };
}
