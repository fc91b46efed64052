/**
 * A KvService client for a whole cluster: it places the key, asks the replicas in role order A → B → C
 * and moves to the next role when one is down, relearning or out of quorum. Writes keep one request id
 * across those attempts, so a write that did land on an earlier replica is answered as a dedup, not
 * applied twice. Used by the KV command line and by agents forwarding keys they do not replicate.
 */
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import type { ClientRequest, KvOperation } from '../../../app/kv/operations';
import { nodeLocations, placementGroups, type Topology } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos';
import type { NodeId } from '../../../app/paxos/types';
import { KvServiceClient } from '../../../app/proto/generated/kv';
import { pacedRealLimitMs, pacedTimeout, type PacedTimeout } from '../grpc/paced-timeout';
import { channelOptions } from '../grpc/channel-options';
import { isServiceError, kvFailureOf, type KvFailure } from '../grpc/kv-failure';
import {
  replyFromWire,
  requestToWire,
  type ServedReply,
  type WireRequest,
  type WireResponse,
} from '../grpc/kv-wire';
import { callUnary, type UnaryCallOptions } from '../grpc/unary-call';
import { PipelinedKvClient } from './kv-pipeline-client';

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

/** One attempt at one agent. */
export interface KvAttemptOptions {
  /**
   * A write's request id, the same on every attempt of that write so that a retry is answered as a
   * dedup; '' or absent: the agent makes one (a retry is then a new write). Gets carry none.
   */
  requestId?: string;
  /** Waits (within the attempt's time) for an agent that is not reachable yet, say one restarting. */
  waitForReady?: boolean;
  /** How long the attempt may take, in protocol time when the client counts at a protocol rate. */
  timeoutMs?: number;
  /** A real-time limit as well (the caller's own deadline), sent on as the request's deadline. */
  realLimitMs?: number;
}

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
   * of a unary call per request: what an agent forwarding many requests uses.
   */
  pipelined?: boolean;
}

/** One unary call to one agent's KvService. */
export interface AgentCallOptions extends KvAttemptOptions {
  timeoutMs: number;
  /** Sent with the call (the console's control token, an agent's forwarded mark). */
  metadata?: Metadata;
  /** As in ClusterKvClientOptions: the attempt's time counts at this rate (0 while holding). */
  protocolRate?: () => number;
}

/** When one attempt ends, on which clock, and the deadline the agent is told. */
interface AttemptLimits {
  /** gRPC's own (real-time) limit on the call. */
  callTimeoutMs: number;
  /** The protocol-time limit, when the attempt counts at a protocol rate. */
  paced: PacedTimeout | null;
  /** The wall-clock deadline sent with the request (Unix ms); 0: none. */
  deadlineUnixMs: number;
}

function attemptLimits(
  timeoutMs: number,
  realLimitMs: number,
  rate: (() => number) | undefined,
): AttemptLimits {
  const paced = rate ? pacedTimeout(timeoutMs, rate) : null;
  // The agent stops working on the request at this wall-clock time even if it was paused meanwhile;
  // a paced attempt (hold mode may stop protocol time) only passes on a real limit it was given.
  const realMs = Number.isFinite(realLimitMs) ? realLimitMs : paced ? Infinity : timeoutMs;
  return {
    callTimeoutMs: Math.min(paced ? pacedRealLimitMs : timeoutMs, realLimitMs),
    paced,
    deadlineUnixMs: Number.isFinite(realMs) ? Date.now() + realMs : 0,
  };
}

/**
 * One operation as one unary call to an agent: the cluster client's attempts and the console's
 * single-node calls both go through here. A call that its protocol-time limit ended fails with
 * DEADLINE_EXCEEDED and the limit's reason, the deadline it is, not gRPC's CANCELLED.
 */
export async function callAgent(
  client: KvServiceClient,
  operation: KvOperation,
  options: AgentCallOptions,
): Promise<ServedReply> {
  const limits = attemptLimits(options.timeoutMs, options.realLimitMs ?? Infinity, options.protocolRate);
  const call: UnaryCallOptions = {
    timeoutMs: limits.callTimeoutMs,
    waitForReady: options.waitForReady ?? false,
    metadata: options.metadata,
    signal: limits.paced?.signal,
  };
  const request: ClientRequest = { requestId: options.requestId ?? '', operation };
  if (limits.deadlineUnixMs > 0) request.deadlineMs = limits.deadlineUnixMs;
  try {
    return replyFromWire(await callWire(client, requestToWire(request), call));
  } catch (error) {
    const reason: unknown = limits.paced?.signal.reason;
    if (!isServiceError(error) || !limits.paced?.signal.aborted) throw error;
    const details = reason instanceof Error ? reason.message : 'deadline exceeded';
    throw Object.assign(new Error(details), error, { code: status.DEADLINE_EXCEEDED, details });
  } finally {
    limits.paced?.clear();
  }
}

/** The unary method a request's kind names, answering the wire response of that kind. */
async function callWire(
  client: KvServiceClient,
  op: WireRequest,
  call: UnaryCallOptions,
): Promise<WireResponse> {
  switch (op.$case) {
    case 'get':
      return { $case: 'get', value: await callUnary(client.get.bind(client), op.value, call) };
    case 'put':
      return { $case: 'write', value: await callUnary(client.put.bind(client), op.value, call) };
    case 'delete':
      return { $case: 'write', value: await callUnary(client.delete.bind(client), op.value, call) };
    case 'compareAndSet':
      return { $case: 'write', value: await callUnary(client.compareAndSet.bind(client), op.value, call) };
  }
}

export class ClusterKvClient {
  private readonly clients = new Map<NodeId, KvServiceClient>();
  private readonly pipelines = new Map<NodeId, PipelinedKvClient>();
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
  async callNode(
    nodeId: NodeId,
    operation: KvOperation,
    attempt: KvAttemptOptions = {},
  ): Promise<ServedReply> {
    const timeoutMs = attempt.timeoutMs ?? this.options.attemptTimeoutMs;
    const { metadata, protocolRate } = this.options;
    if (!this.options.pipelined) {
      return callAgent(this.client(nodeId), operation, {
        requestId: attempt.requestId,
        waitForReady: attempt.waitForReady,
        timeoutMs,
        realLimitMs: attempt.realLimitMs,
        metadata: metadata?.clone(),
        protocolRate,
      });
    }
    const limits = attemptLimits(timeoutMs, attempt.realLimitMs ?? Infinity, protocolRate);
    try {
      return await this.pipeline(nodeId).call(operation, {
        requestId: attempt.requestId,
        timeoutMs: limits.callTimeoutMs,
        deadlineUnixMs: limits.deadlineUnixMs,
        signal: limits.paced?.signal,
      });
    } finally {
      limits.paced?.clear();
    }
  }

  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
    for (const pipeline of this.pipelines.values()) pipeline.close();
    this.pipelines.clear();
  }

  /** One stream per agent; it fails fast when the agent is down, as the unary calls would. */
  private pipeline(nodeId: NodeId): PipelinedKvClient {
    const existing = this.pipelines.get(nodeId);
    if (existing) return existing;
    const address = this.addresses.get(nodeId);
    if (!address) throw new Error(`node "${nodeId}" is not in the topology`);
    const pipeline = new PipelinedKvClient(address, {
      timeoutMs: this.options.attemptTimeoutMs,
      waitForReady: false,
      ...(this.options.metadata ? { metadata: this.options.metadata } : {}),
    });
    this.pipelines.set(nodeId, pipeline);
    return pipeline;
  }

  private client(nodeId: NodeId): KvServiceClient {
    const existing = this.clients.get(nodeId);
    if (existing) return existing;
    const address = this.addresses.get(nodeId);
    if (!address) throw new Error(`node "${nodeId}" is not in the topology`);
    const client = new KvServiceClient(address, credentials.createInsecure(), channelOptions);
    this.clients.set(nodeId, client);
    return client;
  }
}
