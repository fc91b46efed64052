/**
 * A KvService client for a whole cluster: it places the key, asks the replicas in role order A → B → C
 * and moves to the next role when one is down, relearning or out of quorum. Writes keep one request id
 * across those attempts, so a write that did land on an earlier replica is answered as a dedup, not
 * applied twice. Used by the KV command line, main's harness and checker, and by agents forwarding
 * keys they do not replicate; each agent is called through its AgentKv (agent-kv.ts).
 */
import { type Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import type { KvOperation } from '../../../app/kv/operations';
import { nodeLocations, placementGroups, type Topology } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos';
import type { NodeId } from '../../../app/paxos/types';
import { isServiceError, kvFailureOf, type KvFailure } from '../grpc/kv-failure';
import type { ServedReply } from '../grpc/kv-wire';
import { AgentKv, type KvAttemptOptions } from './agent-kv';

export { AgentKv, callAgent, type AgentCallOptions, type KvAttemptOptions } from './agent-kv';

export interface KvAttempt {
  nodeId: NodeId;
  failure: KvFailure;
  /** The raw gRPC error, so an agent forwarding a call can pass its status on unchanged. */
  error: ServiceError;
}

export interface KvOutcome {
  reply: ServedReply;
  /** The agent that answered (it may have forwarded to the replica named in served_by). */
  answeredBy: NodeId;
  /** Failed attempts before the answer, in order. */
  failedAttempts: KvAttempt[];
}

/** Every attempt failed; `attempts` says how each one did. */
export class KvCallError extends Error {
  constructor(readonly attempts: KvAttempt[]) {
    super(attempts.map((attempt) => `${attempt.nodeId}: ${attempt.failure.message}`).join('; '));
    this.name = 'KvCallError';
  }

  get last(): KvAttempt {
    return this.attempts[this.attempts.length - 1]!;
  }
}

/** A fresh request id: which process made it, then 64 random bits. */
export function newRequestId(origin: string): string {
  return `${origin}-${randomBytes(8).toString('hex')}`;
}

/** Failures after which the next role may still succeed. */
export function worthNextRole(failure: KvFailure): boolean {
  if (failure.coreCode === undefined) {
    return failure.grpcCode === status.UNAVAILABLE || failure.grpcCode === status.DEADLINE_EXCEEDED;
  }
  return ['UNAVAILABLE', 'LEARNER_ONLY', 'BUSY', 'NOT_REPLICA'].includes(failure.coreCode);
}

/**
 * A client's default wait per agent: above an agent's request timeout (2 s, see agentTiming) plus one
 * forward, so the agent reports UNAVAILABLE itself before the client gives up on it.
 */
export const kvAttemptTimeoutMs = 4000;

export interface KvRunOptions {
  /** As in KvAttemptOptions; a write without one gets a fresh id, kept over all its attempts. */
  requestId?: string;
  /** Who is asked, in order; default: the key's replicas in role order. */
  targets?: readonly NodeId[];
  /** Unix ms after which no further attempt starts (an agent forwarding a call passes its caller's). */
  deadlineMs?: number;
}

export interface ClusterKvClientOptions {
  /** Per attempt; above the core's request timeout so a replica can answer UNAVAILABLE itself. */
  attemptTimeoutMs: number;
  /** Sent with every call (agents mark forwarded calls so they are never forwarded twice). */
  metadata?: Metadata;
  /**
   * Counts each attempt's time at this protocol rate (an agent forwarding passes its own clock's), so
   * an attempt waits while hold mode stops the agents' timers. Real time when omitted.
   */
  protocolRate?: () => number;
  /**
   * Calls each agent on one KvService.Pipeline stream (requests of one turn share a message) instead
   * of a unary call per request: what main's harness and checker, the CLI and an agent forwarding use.
   * Unary when omitted (the benchmark's unary rows); an agent that serves no Pipeline is called unary.
   */
  pipelined?: boolean;
}

export class ClusterKvClient {
  private readonly agents = new Map<NodeId, AgentKv>();
  private readonly addresses: Map<NodeId, string>;

  constructor(
    private readonly topology: Topology,
    private readonly options: ClusterKvClientOptions,
  ) {
    this.addresses = new Map(nodeLocations(topology).map((node) => [node.id, `${node.host}:${node.port}`]));
  }

  /** The key's replicas in role order A, B, C. */
  replicasOf(key: string): NodeId[] {
    return placeKey(placementGroups(this.topology), key).replicas;
  }

  /** Asks `targets` in order, moving on while worth it and while the run's deadline has not passed. */
  async run(operation: KvOperation, options: KvRunOptions = {}): Promise<KvOutcome> {
    const targets = options.targets ?? this.replicasOf(operation.key);
    const deadlineMs = options.deadlineMs ?? Infinity;
    const requestId = options.requestId ?? (operation.kind === 'get' ? '' : newRequestId('client'));
    const failedAttempts: KvAttempt[] = [];
    for (const nodeId of targets) {
      const realLimitMs = deadlineMs - Date.now();
      if (realLimitMs <= 0) break;
      try {
        const reply = await this.callNode(nodeId, operation, { requestId, realLimitMs });
        return { reply, answeredBy: nodeId, failedAttempts };
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const failure = kvFailureOf(error);
        failedAttempts.push({ nodeId, failure, error });
        if (!worthNextRole(failure)) break;
      }
    }
    throw new KvCallError(failedAttempts);
  }

  /** One attempt at one agent; the attempt's time is the client's attemptTimeoutMs unless given. */
  callNode(nodeId: NodeId, operation: KvOperation, attempt: KvAttemptOptions = {}): Promise<ServedReply> {
    const { metadata, protocolRate } = this.options;
    return this.agent(nodeId).call(operation, {
      requestId: attempt.requestId,
      waitForReady: attempt.waitForReady,
      timeoutMs: attempt.timeoutMs ?? this.options.attemptTimeoutMs,
      realLimitMs: attempt.realLimitMs,
      metadata: metadata?.clone(),
      protocolRate,
    });
  }

  close(): void {
    for (const agent of this.agents.values()) agent.close();
    this.agents.clear();
  }

  /** One client per agent, made at its first attempt. */
  private agent(nodeId: NodeId): AgentKv {
    const existing = this.agents.get(nodeId);
    if (existing) return existing;
    const address = this.addresses.get(nodeId);
    if (!address) throw new Error(`node "${nodeId}" is not in the topology`);
    const { pipelined = false, metadata } = this.options;
    const agent = new AgentKv(address, { pipelined, ...(metadata ? { metadata } : {}) });
    this.agents.set(nodeId, agent);
    return agent;
  }
}
