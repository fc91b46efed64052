/**
 * Turns a client operation from an input (text values, JSON-safe) into the core's request (bytes).
 */
import type { ClientRequest, KvOperation } from '../paxos/types';
import type { ClientOp } from './inputs';

const encoder = new TextEncoder();

export function toClientOperation(op: ClientOp): KvOperation {
  switch (op.kind) {
    case 'get':
    case 'delete':
      return { kind: op.kind, key: op.key };
    case 'put':
      return { kind: 'put', key: op.key, value: encoder.encode(op.value) };
    case 'cas':
      return {
        kind: 'cas',
        key: op.key,
        value: encoder.encode(op.value),
        expectedVersion: op.expectedVersion,
      };
  }
}

/** The core's request; without a deadline the node applies its own request timeout. */
export function toClientRequest(requestId: string, op: ClientOp, deadlineMs: number | null): ClientRequest {
  const request: ClientRequest = { requestId, operation: toClientOperation(op) };
  if (deadlineMs !== null) request.deadlineMs = deadlineMs;
  return request;
}
