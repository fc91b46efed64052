/** Small helpers for asserting on KV calls made through ClusterKvClient. */
import type { ServiceError } from '@grpc/grpc-js';
import type { ClusterKvClient, KvOperation } from '../../node-agent/kit/client/kv-client';
import { kvFailureOf, isServiceError, type KvFailure } from '../../node-agent/kit/grpc/kv-failure';
import type { GetResponse, WriteResponse } from '../../app/proto/generated/kv';

const text = new TextEncoder();

export function bytes(value: string): Uint8Array {
  return text.encode(value);
}

export function textOf(value: Uint8Array): string {
  return new TextDecoder().decode(value);
}

/** Calls one agent and returns its failure; throws if the call succeeded. */
export async function failureOf(
  kv: ClusterKvClient,
  nodeId: string,
  operation: KvOperation,
): Promise<KvFailure> {
  try {
    await kv.callNode(nodeId, operation);
  } catch (error) {
    if (isServiceError(error)) return kvFailureOf(error as ServiceError);
    throw error;
  }
  throw new Error(`${operation.kind} ${operation.key} through ${nodeId} succeeded; a failure was expected`);
}

/** Reads through one agent, waiting for it to be reachable (it may just have been restarted). */
export async function getThrough(kv: ClusterKvClient, nodeId: string, key: string): Promise<GetResponse> {
  const result = await kv.callNode(nodeId, { kind: 'get', key }, true);
  if (result.kind !== 'get') throw new Error('a get answered as a write');
  return result.response;
}

export async function putThrough(
  kv: ClusterKvClient,
  nodeId: string,
  key: string,
  value: string,
  requestId: string,
): Promise<WriteResponse> {
  const result = await kv.callNode(nodeId, { kind: 'put', key, value: bytes(value), requestId }, true);
  if (result.kind !== 'write') throw new Error('a put answered as a read');
  return result.response;
}
