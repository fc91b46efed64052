/** Small helpers for asserting on KV calls made through ClusterKvClient. */
import type { ServiceError } from '@grpc/grpc-js';
import type { KvOperation } from '../../app/kv/operations';
import type { ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { kvFailureOf, isServiceError, type KvFailure } from '../../node-agent/kit/grpc/kv-failure';
import type { ServedReply } from '../../node-agent/kit/grpc/kv-wire';

const text = new TextEncoder();

export function bytes(value: string): Uint8Array {
  return text.encode(value);
}

/** A value as text; a key that was not found (null) reads as ''. */
export function textOf(value: Uint8Array | null): string {
  return value === null ? '' : new TextDecoder().decode(value);
}

/** Calls one agent and returns its failure; throws if the call succeeded. */
export async function failureOf(
  kv: ClusterKvClient,
  nodeId: string,
  operation: KvOperation,
  requestId?: string,
): Promise<KvFailure> {
  try {
    await kv.callNode(nodeId, operation, { requestId });
  } catch (error) {
    if (isServiceError(error)) return kvFailureOf(error as ServiceError);
    throw error;
  }
  throw new Error(`${operation.kind} ${operation.key} through ${nodeId} succeeded; a failure was expected`);
}

/** Reads through one agent, waiting for it to be reachable (it may just have been restarted). */
export function getThrough(kv: ClusterKvClient, nodeId: string, key: string): Promise<ServedReply> {
  return kv.callNode(nodeId, { kind: 'get', key }, { waitForReady: true });
}

export function putThrough(
  kv: ClusterKvClient,
  nodeId: string,
  key: string,
  value: string,
  requestId: string,
): Promise<ServedReply> {
  return kv.callNode(nodeId, { kind: 'put', key, value: bytes(value) }, { requestId, waitForReady: true });
}
