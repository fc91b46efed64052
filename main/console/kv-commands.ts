/**
 * Reads and writes through one chosen node, timed by the console. A failure comes back as a result
 * with the node's code, its message and a plain-language explanation, because a refused write is
 * something to show, not a broken command.
 */
import type { ServiceError } from '@grpc/grpc-js';
import { status } from '@grpc/grpc-js';
import type { CommandArgs } from '../../app/contract/console-contract';
import { kvExplanations, type KvFailureCode, type KvResult } from '../../app/contract/kv-operations';
import type { GetResponse, WriteResponse } from '../../app/proto/generated/kv';
import { kvErrorMetadataKey, replyPathFromWire } from '../../app/proto/kv-status';
import { isServiceError, kvFailureOf } from '../../node-agent/transport/kv-status';
import { callUnary } from '../../node-agent/transport/unary-call';
import type { AgentClient } from '../agents/agent-client';
import { decodeValue } from './value-text';

type Operation = KvResult['operation'];

/** Above the agent's own request timeout, so a node can answer UNAVAILABLE itself before this fires. */
export const kvCallTimeoutMs = 8000;

const encoder = new TextEncoder();

export function kvGet(client: AgentClient, input: CommandArgs<'kvGet'>): Promise<KvResult> {
  return timed(client, 'get', async () => {
    const kv = client.kv;
    const response = await callUnary(kv.get.bind(kv), { key: input.key }, callOptions(client));
    return getResult(response);
  });
}

export function kvPut(client: AgentClient, input: CommandArgs<'kvPut'>): Promise<KvResult> {
  const request = { key: input.key, value: encoder.encode(input.value), requestId: input.requestId ?? '' };
  return timed(client, 'put', () =>
    callUnary(client.kv.put.bind(client.kv), request, callOptions(client)).then(writeResult),
  );
}

export function kvDelete(client: AgentClient, input: CommandArgs<'kvDelete'>): Promise<KvResult> {
  const request = { key: input.key, requestId: input.requestId ?? '' };
  return timed(client, 'delete', () =>
    callUnary(client.kv.delete.bind(client.kv), request, callOptions(client)).then(writeResult),
  );
}

export function kvCompareAndSet(
  client: AgentClient,
  input: CommandArgs<'kvCompareAndSet'>,
): Promise<KvResult> {
  const request = {
    key: input.key,
    value: encoder.encode(input.value),
    expectedVersion: input.expectedVersion,
    requestId: input.requestId ?? '',
  };
  const kv = client.kv;
  return timed(client, 'compareAndSet', () =>
    callUnary(kv.compareAndSet.bind(kv), request, callOptions(client)).then(writeResult),
  );
}

type Answer = Omit<Extract<KvResult, { ok: true }>, 'ok' | 'operation' | 'latencyMs'>;

async function timed(
  client: AgentClient,
  operation: Operation,
  run: () => Promise<Answer>,
): Promise<KvResult> {
  const startedMs = performance.now();
  try {
    const answer = await run();
    return { ok: true, operation, ...answer, latencyMs: performance.now() - startedMs };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return failureResult(client, operation, error, performance.now() - startedMs);
  }
}

function callOptions(client: AgentClient) {
  return { timeoutMs: kvCallTimeoutMs, metadata: client.metadata() };
}

function getResult(response: GetResponse): Answer {
  const value = response.found
    ? decodeValue(response.value)
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
