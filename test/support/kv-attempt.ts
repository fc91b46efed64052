/**
 * One KV attempt at one agent, answered or failed, without ClusterKvClient's move to the next role:
 * the exactly-once tests choose where each attempt of a request id goes and look at every answer.
 */
import type { WriteResponse } from '../../app/proto/generated/kv';
import type { ClusterKvClient, KvOperation } from '../../node-agent/kit/client/kv-client';
import { isServiceError, kvFailureOf, type KvFailure } from '../../node-agent/kit/grpc/kv-failure';
import { bytes } from './kv-expect';

export type WriteAttempt = { ok: true; response: WriteResponse } | { ok: false; failure: KvFailure };

/**
 * A write sent to `nodeId` alone, with `timeoutMs` as both its gRPC deadline and its wall-clock
 * deadline_unix_ms (the one ClusterKvClient.callNode derives from the real limit).
 */
export async function writeAt(
  kv: ClusterKvClient,
  nodeId: string,
  operation: Exclude<KvOperation, { kind: 'get' }>,
  timeoutMs: number,
): Promise<WriteAttempt> {
  try {
    const result = await kv.callNode(nodeId, operation, false, timeoutMs, timeoutMs);
    if (result.kind !== 'write') throw new Error(`${operation.kind} ${operation.key} was answered as a read`);
    return { ok: true, response: result.response };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return { ok: false, failure: kvFailureOf(error) };
  }
}

/** `count` puts of new request ids through one agent, one after another; returns the last version. */
export async function putMany(
  kv: ClusterKvClient,
  nodeId: string,
  key: string,
  count: number,
  prefix: string,
): Promise<number> {
  let version = 0;
  for (let i = 1; i <= count; i += 1) {
    const answer = await writeAt(
      kv,
      nodeId,
      { kind: 'put', key, value: bytes(`${prefix}-${i}`), requestId: `${prefix}-${i}` },
      10_000,
    );
    if (!answer.ok) throw new Error(`put ${prefix}-${i} through ${nodeId} failed: ${answer.failure.message}`);
    version = answer.response.version;
  }
  return version;
}

/** The key's version as a Paxos read through `nodeId` sees it (0 when never written). */
export async function versionThrough(kv: ClusterKvClient, nodeId: string, key: string): Promise<number> {
  const result = await kv.callNode(nodeId, { kind: 'get', key }, true, 10_000);
  if (result.kind !== 'get') throw new Error(`get ${key} was answered as a write`);
  return result.response.version;
}
