/** A scripted stand-in for ClusterKvClient.callNode: each agent answers as the test says, every call noted. */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import type { KvOperation, ReplyPath } from '../../../app/kv/operations';
import type { ClusterKvClient } from '../../../node-agent/kit/client/kv-client';

export interface NodeCall {
  nodeId: string;
  operation: KvOperation;
  requestId: string | undefined;
  timeoutMs: number;
  realLimitMs: number;
}

export type Answer = { version: number; path?: ReplyPath } | ServiceError;

/** A failed call as grpc-js reports it, with the agent's trailers when `core` is given. */
export function grpcError(code: status, core?: { code: string; definite: boolean }): ServiceError {
  const metadata = new Metadata();
  if (core) {
    metadata.set('paxoscope-code', core.code);
    metadata.set('paxoscope-definite', String(core.definite));
  }
  return Object.assign(new Error(`status ${code}`), { code, details: `status ${code}`, metadata });
}

export const timedOut = () => grpcError(status.DEADLINE_EXCEEDED);

/** callNode answering from `answers` by node id (a node not listed times out); records each call. */
export function scriptedKv(answers: Record<string, Answer>): Pick<ClusterKvClient, 'callNode' | 'run'> & {
  calls: NodeCall[];
} {
  const calls: NodeCall[] = [];
  return {
    calls,
    // Writes that do not roam would go here; the tests that use this fake make every write roam.
    run: () => Promise.reject(new Error('scriptedKv: only single-agent calls are scripted')),
    callNode: (nodeId, operation, { requestId, timeoutMs = 0, realLimitMs = Infinity } = {}) => {
      calls.push({ nodeId, operation, requestId, timeoutMs, realLimitMs });
      const answer = answers[nodeId] ?? timedOut();
      if (answer instanceof Error) return Promise.reject(answer);
      const { version } = answer;
      const path = answer.path ?? 'fast';
      return Promise.resolve({
        requestId: requestId ?? '',
        ok: true,
        version,
        value: null,
        index: version,
        path,
        servedBy: nodeId,
      });
    },
  };
}
