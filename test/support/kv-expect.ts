/** Small helpers for asserting on KV calls made through ClusterKvClient. */
import type { ServiceError } from '@grpc/grpc-js';
import { expect } from 'vitest';
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

/**
 * What the client API promises whatever the protocol: a compare-and-set applies at the version it
 * expects, a retried request id is answered as a dedup of the first, a delete makes a version and
 * leaves nothing to read. Request ids start with `idPrefix` so runs on one cluster never collide.
 */
export async function expectCasDeleteAndDedup(
  kv: ClusterKvClient,
  key: string,
  idPrefix: string,
): Promise<void> {
  const cas = (expectedVersion: number, value: string) =>
    ({ kind: 'cas', key, value: bytes(value), expectedVersion }) as const;
  expect((await kv.run(cas(0, '1'), { requestId: `${idPrefix}1` })).reply.version).toBe(1);
  expect((await kv.run(cas(1, '2'), { requestId: `${idPrefix}2` })).reply.version).toBe(2);
  const again = await kv.run(cas(1, '2'), { requestId: `${idPrefix}2` });
  expect({ version: again.reply.version, path: again.reply.path }).toEqual({ version: 2, path: 'dedup' });
  expect((await kv.run({ kind: 'delete', key }, { requestId: `${idPrefix}3` })).reply.version).toBe(3);
  expect((await kv.run({ kind: 'get', key })).reply.value).toBe(null);
}
