/**
 * One agent's KvService as a client calls it: one attempt (callAgent) with its time limits, sent on
 * the agent's one Pipeline stream or as a unary call. The console's single-node calls, the cluster
 * client's attempts (the harness, the checker, the CLI, an agent forwarding) all go through here, so
 * both ways share one set of rules: the same request id and wall-clock deadline in the request, the
 * same statuses, and a protocol-time limit that ends as DEADLINE_EXCEEDED with its reason. The unary
 * stub stays available (`unary`) for any other gRPC use, and a pipelined agent that refuses the
 * stream (UNIMPLEMENTED: a simulated node, an older agent) is called unary from then on.
 */
import { credentials, type Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { ClientRequest, KvOperation } from '../../../app/kv/operations';
import { KvServiceClient } from '../../../app/proto/generated/kv';
import { channelOptions } from '../grpc/channel-options';
import { isServiceError } from '../grpc/kv-failure';
import {
  replyFromWire,
  requestToWire,
  type ServedReply,
  type WireRequest,
  type WireResponse,
} from '../grpc/kv-wire';
import { pacedRealLimitMs, pacedTimeout, type PacedTimeout } from '../grpc/paced-timeout';
import { callUnary, type UnaryCallOptions } from '../grpc/unary-call';
import { PipelinedKvClient } from './kv-pipeline-client';

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

/** One attempt at one agent's KvService. */
export interface AgentCallOptions extends KvAttemptOptions {
  timeoutMs: number;
  /**
   * Sent with a unary call (the console's control token); a pipelined request travels with its
   * stream's metadata, given when the AgentKv was made.
   */
  metadata?: Metadata;
  /** The attempt's time counts at this rate (0 while holding); real time when absent. */
  protocolRate?: () => number;
}

export interface AgentKvOptions {
  /** Requests go on one KvService.Pipeline stream (requests of one turn share a message). */
  pipelined: boolean;
  /** Sent with every pipelined stream and unary call (an agent's forwarded mark). */
  metadata?: Metadata;
}

/** When one attempt ends, on which clock, and the deadline the agent is told. */
interface AttemptLimits {
  /** The (real-time) limit on the call. */
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

/** One agent's KvService: a Pipeline stream when asked for (and served), unary calls otherwise. */
export class AgentKv {
  /** The generated stub: unary calls, for any caller that wants them. */
  readonly unary: KvServiceClient;
  private readonly pipeline: PipelinedKvClient | null;

  constructor(
    readonly address: string,
    private readonly options: AgentKvOptions,
  ) {
    this.unary = new KvServiceClient(address, credentials.createInsecure(), channelOptions);
    this.pipeline = options.pipelined
      ? new PipelinedKvClient(address, {
          // Every request gives its own time; this is only the default the class requires.
          timeoutMs: pacedRealLimitMs,
          // Fail fast on a dead agent, as a unary call does, unless a request asks to wait.
          waitForReady: false,
          stub: this.unary,
          ...(options.metadata ? { metadata: options.metadata } : {}),
        })
      : null;
  }

  /** Whether requests go on the Pipeline stream (false once the agent refused it). */
  get pipelined(): boolean {
    return this.pipeline !== null && this.pipeline.refusal === null;
  }

  /** Requests on the stream not answered yet (0 when unary). */
  get inFlight(): number {
    return this.pipeline?.inFlight ?? 0;
  }

  /**
   * One attempt. An attempt that its protocol-time limit ended fails with DEADLINE_EXCEEDED and the
   * limit's reason, the deadline it is, not a CANCELLED.
   */
  async call(operation: KvOperation, options: AgentCallOptions): Promise<ServedReply> {
    const limits = attemptLimits(options.timeoutMs, options.realLimitMs ?? Infinity, options.protocolRate);
    try {
      return await this.send({ requestId: options.requestId ?? '', operation }, limits, options);
    } catch (error) {
      const reason: unknown = limits.paced?.signal.reason;
      if (!isServiceError(error) || !limits.paced?.signal.aborted) throw error;
      const details = reason instanceof Error ? reason.message : 'deadline exceeded';
      throw pacedDeadline(error, details);
    } finally {
      limits.paced?.clear();
    }
  }

  /** One request within `limits`; an UNIMPLEMENTED stream sends it (and what follows) unary instead. */
  private async send(
    request: ClientRequest,
    limits: AttemptLimits,
    attempt: AgentCallOptions,
  ): Promise<ServedReply> {
    const beganMs = Date.now();
    if (this.pipeline && this.pipeline.refusal === null) {
      try {
        return await this.pipeline.call(request.operation, {
          requestId: request.requestId,
          timeoutMs: limits.callTimeoutMs,
          // A unary call's gRPC deadline is its end at the latest; the stream has none of its own.
          deadlineUnixMs: limits.deadlineUnixMs || beganMs + limits.callTimeoutMs,
          waitForReady: attempt.waitForReady ?? false,
          ...(limits.paced ? { signal: limits.paced.signal } : {}),
        });
      } catch (error) {
        // Refused before the agent read any request: sending it again is not a second attempt.
        if (error !== this.pipeline.refusal) throw error;
      }
    }
    const metadata = attempt.metadata ?? this.options.metadata?.clone();
    const call: UnaryCallOptions = {
      timeoutMs: Math.max(0, limits.callTimeoutMs - (Date.now() - beganMs)),
      waitForReady: attempt.waitForReady ?? false,
      ...(metadata ? { metadata } : {}),
      ...(limits.paced ? { signal: limits.paced.signal } : {}),
    };
    const wire: ClientRequest = { requestId: request.requestId, operation: request.operation };
    if (limits.deadlineUnixMs > 0) wire.deadlineMs = limits.deadlineUnixMs;
    return replyFromWire(await callWire(this.unary, requestToWire(wire), call));
  }

  close(): void {
    this.pipeline?.close();
    this.unary.close();
  }
}

/** One operation as one attempt at an agent (AgentKv.call): the console's single-node calls. */
export function callAgent(
  agent: AgentKv,
  operation: KvOperation,
  options: AgentCallOptions,
): Promise<ServedReply> {
  return agent.call(operation, options);
}

function pacedDeadline(error: ServiceError, details: string): ServiceError {
  return Object.assign(new Error(details), error, { code: status.DEADLINE_EXCEEDED, details });
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
