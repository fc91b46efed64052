/**
 * A KvService client for a whole cluster: it places the key, asks the replicas in role order A → B → C
 * and moves to the next role when one is down, relearning or out of quorum. Writes keep one request id
 * across those attempts, so a write that did land on an earlier replica is answered as a dedup, not
 * applied twice. Used by the KV command line and by agents forwarding keys they do not replicate.
 */
import { credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { nodeLocations, placementGroups, type Topology } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos';
import type { NodeId } from '../../../app/paxos/types';
import { KvServiceClient, type GetResponse, type WriteResponse } from '../../../app/proto/generated/kv';
import { pacedRealLimitMs, pacedTimeout } from '../grpc/paced-timeout';
import { channelOptions } from '../grpc/channel-options';
import { isServiceError, kvFailureOf, type KvFailure } from '../grpc/kv-failure';
import { callUnary, type UnaryCallOptions } from '../grpc/unary-call';
import { PipelinedKvClient } from './kv-pipeline-client';

export type KvOperation =
  | { kind: 'get'; key: string }
  | { kind: 'put'; key: string; value: Uint8Array; requestId: string }
  | { kind: 'delete'; key: string; requestId: string }
  | { kind: 'cas'; key: string; value: Uint8Array; expectedVersion: number; requestId: string };

export type KvResult = { kind: 'get'; response: GetResponse } | { kind: 'write'; response: WriteResponse };

export interface KvAttempt {
  nodeId: NodeId;
  failure: KvFailure;
  /** The raw gRPC error, so an agent forwarding a call can pass its status on unchanged. */
  error: ServiceError;
}

export interface KvOutcome {
  result: KvResult;
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

  /**
   * Asks `targets` in order (default: the key's replicas in role order), moving on while worth it and
   * while `deadlineMs` (epoch ms; an agent forwarding a call passes its caller's) has not passed.
   */
  async run(
    operation: KvOperation,
    targets: readonly NodeId[] = this.replicasOf(operation.key),
    deadlineMs = Infinity,
  ): Promise<KvOutcome> {
    const failedAttempts: KvAttempt[] = [];
    for (const nodeId of targets) {
      const realLeftMs = deadlineMs - Date.now();
      if (realLeftMs <= 0) break;
      try {
        const result = await this.callNode(
          nodeId,
          operation,
          false,
          this.options.attemptTimeoutMs,
          realLeftMs,
        );
        return { result, answeredBy: nodeId, failedAttempts };
      } catch (error) {
        if (!isServiceError(error)) throw error;
        const failure = kvFailureOf(error);
        failedAttempts.push({ nodeId, failure, error });
        if (!worthNextRole(failure)) break;
      }
    }
    throw new KvCallError(failedAttempts);
  }

  /**
   * One call to one agent. With waitForReady the call waits (within the attempt timeout) for an agent
   * that is not reachable yet, for example one just restarted, instead of failing at once. The call
   * ends after `timeoutMs` (in protocol time when the client has a protocolRate) or `realLimitMs`.
   */
  async callNode(
    nodeId: NodeId,
    operation: KvOperation,
    waitForReady = false,
    timeoutMs = this.options.attemptTimeoutMs,
    realLimitMs = Infinity,
  ): Promise<KvResult> {
    const rate = this.options.protocolRate;
    const limit = rate ? pacedTimeout(timeoutMs, rate) : null;
    const metadata = this.options.metadata?.clone();
    const call = {
      timeoutMs: Math.min(limit ? pacedRealLimitMs : timeoutMs, realLimitMs),
      waitForReady,
      ...(metadata ? { metadata } : {}),
      ...(limit ? { signal: limit.signal } : {}),
    };
    // The agent stops working on the request at this wall-clock time even if it was paused meanwhile;
    // a paced attempt (hold mode may stop protocol time) only passes on a real limit it was given.
    const realMs = Number.isFinite(realLimitMs) ? realLimitMs : limit ? Infinity : timeoutMs;
    const deadlineUnixMs = Number.isFinite(realMs) ? Date.now() + realMs : 0;
    try {
      if (this.options.pipelined) {
        return await this.pipeline(nodeId).call(operation, {
          timeoutMs: call.timeoutMs,
          deadlineUnixMs,
          ...(limit ? { signal: limit.signal } : {}),
        });
      }
      return await this.callOnce(this.client(nodeId), operation, deadlineUnixMs, call);
    } finally {
      limit?.clear();
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

  /** Requests are built field by field: a spread followed by more fields is slow in Node 20's V8. */
  private async callOnce(
    client: KvServiceClient,
    operation: KvOperation,
    deadlineUnixMs: number,
    call: UnaryCallOptions,
  ): Promise<KvResult> {
    switch (operation.kind) {
      case 'get': {
        const request = { key: operation.key, deadlineUnixMs };
        return { kind: 'get', response: await callUnary(client.get.bind(client), request, call) };
      }
      case 'put': {
        const { key, value, requestId } = operation;
        const request = { key, value, requestId, deadlineUnixMs };
        return { kind: 'write', response: await callUnary(client.put.bind(client), request, call) };
      }
      case 'delete': {
        const request = { key: operation.key, requestId: operation.requestId, deadlineUnixMs };
        return { kind: 'write', response: await callUnary(client.delete.bind(client), request, call) };
      }
      case 'cas': {
        const { key, value, expectedVersion, requestId } = operation;
        const request = { key, value, expectedVersion, requestId, deadlineUnixMs };
        return {
          kind: 'write',
          response: await callUnary(client.compareAndSet.bind(client), request, call),
        };
      }
    }
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
