/**
 * One KV attempt at one agent, answered or failed, without ClusterKvClient's move to the next role:
 * the exactly-once tests choose where each attempt of a request id goes and look at every answer.
 */
import type { ClientRequest } from '../../app/kv/operations';
import type { ClusterKvClient } from '../../node-agent/kit/client/kv-client';
import { isServiceError, kvFailureOf, type KvFailure } from '../../node-agent/kit/grpc/kv-failure';
import type { ServedReply } from '../../node-agent/kit/grpc/kv-wire';
import { bytes } from './kv-expect';

export type WriteAttempt = { ok: true; reply: ServedReply } | { ok: false; failure: KvFailure };

/**
 * A write sent to `nodeId` alone, with `timeoutMs` as both its gRPC deadline and its wall-clock
 * deadline_unix_ms (the one ClusterKvClient.callNode derives from the real limit).
 */
export async function writeAt(
  kv: ClusterKvClient,
  nodeId: string,
  { operation, requestId }: ClientRequest,
  timeoutMs: number,
): Promise<WriteAttempt> {
  try {
    const attempt = { requestId, timeoutMs, realLimitMs: timeoutMs };
    return { ok: true, reply: await kv.callNode(nodeId, operation, attempt) };
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
    const id = `${prefix}-${i}`;
    const put = { kind: 'put', key, value: bytes(id) } as const;
    const answer = await writeAt(kv, nodeId, { requestId: id, operation: put }, 10_000);
    if (!answer.ok) throw new Error(`put ${id} through ${nodeId} failed: ${answer.failure.message}`);
    version = answer.reply.version;
  }
  return version;
}

/** The key's version as a Paxos read through `nodeId` sees it (0 when never written). */
export async function versionThrough(kv: ClusterKvClient, nodeId: string, key: string): Promise<number> {
  const reply = await kv.callNode(nodeId, { kind: 'get', key }, { waitForReady: true, timeoutMs: 10_000 });
  return reply.version;
}
