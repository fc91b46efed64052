/**
 * Reads and writes through one chosen node, timed by the console. A failure comes back as a result
 * with the node's code, its message and a plain-language explanation, because a refused write is
 * something to show, not a broken command. The console's time limit runs in protocol time: it stands
 * still while hold mode stops the agents' timers, so a write a person steps through is not given up.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { CommandArgs } from '../../app/contract/console-contract';
import { kvExplanations, type KvFailureCode, type KvResult } from '../../app/contract/kv-operations';
import type { GetResponse, WriteResponse } from '../../app/proto/generated/kv';
import { kvErrorMetadataKey, replyPathFromWire } from '../../app/proto/kv-status';
import {
  isServiceError,
  kvFailureOf,
  pacedRealLimitMs,
  pacedTimeout,
  callUnary,
  type UnaryCallOptions,
} from '../../node-agent';
import type { AgentClient } from '../agents/agent-client';
import { bytesAsText } from '../../app/util/byte-text';

type Operation = KvResult['operation'];

/**
 * Above the agent's own request timeout, so a node can answer UNAVAILABLE itself before this fires;
 * counted in protocol time (see `ProtocolRate`).
 */
export const kvCallTimeoutMs = 8000;

/** How fast the agents' protocol time runs, as the console knows it: 0 while hold mode is on. */
export type ProtocolRate = () => number;

const encoder = new TextEncoder();

/** The console's calls run in protocol time (hold mode stops it), so they set no wall-clock deadline. */
const noWallDeadline = 0;

export function kvGet(
  client: AgentClient,
  input: CommandArgs<'kvGet'>,
  rate: ProtocolRate,
): Promise<KvResult> {
  return timed(client, 'get', rate, async (options) => {
    const kv = client.kv;
    return getResult(
      await callUnary(kv.get.bind(kv), { key: input.key, deadlineUnixMs: noWallDeadline }, options),
    );
  });
}

export function kvPut(
  client: AgentClient,
  input: CommandArgs<'kvPut'>,
  rate: ProtocolRate,
): Promise<KvResult> {
  const request = {
    key: input.key,
    value: encoder.encode(input.value),
    requestId: input.requestId ?? '',
    deadlineUnixMs: noWallDeadline,
  };
  return timed(client, 'put', rate, (options) =>
    callUnary(client.kv.put.bind(client.kv), request, options).then(writeResult),
  );
}

export function kvDelete(
  client: AgentClient,
  input: CommandArgs<'kvDelete'>,
  rate: ProtocolRate,
): Promise<KvResult> {
  const request = { key: input.key, requestId: input.requestId ?? '', deadlineUnixMs: noWallDeadline };
  return timed(client, 'delete', rate, (options) =>
    callUnary(client.kv.delete.bind(client.kv), request, options).then(writeResult),
  );
}

export function kvCompareAndSet(
  client: AgentClient,
  input: CommandArgs<'kvCompareAndSet'>,
  rate: ProtocolRate,
): Promise<KvResult> {
  const request = {
    key: input.key,
    value: encoder.encode(input.value),
    expectedVersion: input.expectedVersion,
    requestId: input.requestId ?? '',
    deadlineUnixMs: noWallDeadline,
  };
  const kv = client.kv;
  return timed(client, 'compareAndSet', rate, (options) =>
    callUnary(kv.compareAndSet.bind(kv), request, options).then(writeResult),
  );
}

type Answer = Omit<Extract<KvResult, { ok: true }>, 'ok' | 'operation' | 'latencyMs'>;

/** Runs one call under a protocol-time limit; a call cut off by it reads as DEADLINE_EXCEEDED. */
async function timed(
  client: AgentClient,
  operation: Operation,
  rate: ProtocolRate,
  run: (options: UnaryCallOptions) => Promise<Answer>,
): Promise<KvResult> {
  const startedMs = performance.now();
  const limit = pacedTimeout(kvCallTimeoutMs, rate);
  try {
    const answer = await run({
      timeoutMs: pacedRealLimitMs,
      metadata: client.metadata(),
      signal: limit.signal,
    });
    return { ok: true, operation, ...answer, latencyMs: performance.now() - startedMs };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    const failure = limit.signal.aborted ? deadlineExceeded(error, limit.signal.reason) : error;
    return failureResult(client, operation, failure, performance.now() - startedMs);
  } finally {
    limit.clear();
  }
}

/** The CANCELLED status of a call the protocol-time limit ended, told as the deadline it is. */
function deadlineExceeded(error: ServiceError, reason: unknown): ServiceError {
  const details = reason instanceof Error ? reason.message : 'deadline exceeded';
  return Object.assign(new Error(details), error, { code: status.DEADLINE_EXCEEDED, details });
}

function getResult(response: GetResponse): Answer {
  const value = response.found
    ? bytesAsText(response.value)
    : { value: null, valueEncoding: 'utf8' as const };
  return {
    found: response.found,
    ...value,
    version: Number(response.version),
    index: Number(response.index),
    path: replyPathFromWire(response.path) ?? 'local',
    requestId: null,
    servedBy: response.servedBy,
  };
}

function writeResult(response: WriteResponse): Answer {
  return {
    found: true,
    value: null,
    valueEncoding: 'utf8',
    version: Number(response.version),
    index: Number(response.index),
    path: replyPathFromWire(response.path) ?? 'prepare',
    requestId: response.requestId || null,
    servedBy: response.servedBy,
  };
}

function failureResult(
  client: AgentClient,
  operation: Operation,
  error: ServiceError,
  latencyMs: number,
): KvResult {
  const failure = kvFailureOf(error);
  const code = failureCode(failure.coreCode, error.code);
  const replicas = error.metadata?.get(kvErrorMetadataKey.replicas)[0];
  return {
    ok: false,
    operation,
    code,
    message: failure.message,
    explanation: kvExplanations[code],
    field: failure.field ?? null,
    definite: operation === 'get' ? null : (failure.definite ?? null),
    currentVersion: failure.currentVersion ?? null,
    replicas: replicas === undefined ? [] : String(replicas).split(',').filter(Boolean),
    servedBy: client.nodeId,
    latencyMs,
  };
}

function failureCode(coreCode: string | undefined, grpcCode: status): KvFailureCode {
  if (coreCode !== undefined) return coreCode in kvExplanations ? (coreCode as KvFailureCode) : 'UNKNOWN';
  if (grpcCode === status.UNAVAILABLE) return 'NODE_UNREACHABLE';
  if (grpcCode === status.DEADLINE_EXCEEDED) return 'DEADLINE_EXCEEDED';
  return 'UNKNOWN';
}
