/**
 * Turns a client operation from an input (text values, JSON-safe) into the core's request (bytes).
 */
import { mapValue, type KvOperation } from '../kv/operations';
import type { ClientRequest } from '../paxos/types';
import { utf8ToBytes } from '../util/byte-text';
import type { ClientOp } from './inputs';

export function toClientOperation(op: ClientOp): KvOperation {
  return mapValue(op, utf8ToBytes);
}

/** The core's request; without a deadline the node applies its own request timeout. */
export function toClientRequest(requestId: string, op: ClientOp, deadlineMs: number | null): ClientRequest {
  const request: ClientRequest = { requestId, operation: toClientOperation(op) };
  if (deadlineMs !== null) request.deadlineMs = deadlineMs;
  return request;
}
