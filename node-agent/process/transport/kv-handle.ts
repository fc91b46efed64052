/**
 * What KvService does with one request, whichever way it came (a unary call or a Pipeline stream):
 * the core answers first, so its validation comes before any forwarding; only its NOT_REPLICA answer
 * sends the request on, to the replicas it names, once. Forwarded requests are never forwarded again.
 */
import { status, type StatusObject } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import type { ClientOperation, ClientReply, NodeId } from '../../../app/paxos/types';
import type { GetResponse, WriteResponse } from '../../../app/proto/generated/kv';
import { replyPathToWire } from '../../../app/proto/kv-status';
import { KvCallError, type ClusterKvClient, type KvOperation } from '../../kit/client/kv-client';
import type { ClientRequests } from '../runtime/client-requests';

/** Marks a call an agent forwarded; its value is the forwarding node. */
export const forwardedByKey = 'paxoscope-forwarded-by';

export type OkReply = Extract<ClientReply, { ok: true }>;

export interface KvServiceOptions {
  self: NodeId;
  requests: ClientRequests;
  /** Calls other agents for keys this node does not replicate. */
  forwarder: ClusterKvClient;
  /** A wall-clock deadline (Unix ms) in the core's clock. */
  toCoreDeadline(unixMs: number): number;
}

/** A call that fails with a ready-made status (passed on from a replica, or NOT_REPLICA). */
export class CallFailed extends Error {
  constructor(readonly status: Partial<StatusObject>) {
    super(status.details);
  }
}

export function internalError(error: Error): Partial<StatusObject> {
  return { code: status.INTERNAL, details: `agent error: ${error.message}` };
}

export type Outcome = { reply: ClientReply } | { forwarded: GetResponse | WriteResponse };

/**
 * The earlier of the request's own wall-clock deadline (0: none) and gRPC's. gRPC's is relative and
 * restarts when a paused agent finally reads the call, so only the request's own survives a SIGSTOP.
 */
export function callerDeadline(requestUnixMs: number, grpc: Date | number): number {
  const grpcMs = grpc instanceof Date ? grpc.getTime() : grpc;
  return Math.min(requestUnixMs > 0 ? requestUnixMs : Infinity, grpcMs);
}

/** Nobody waits for the answer any more, so the request is neither proposed nor forwarded. */
function pastDeadline(requestId: string, operation: KvOperation): ClientReply {
  const message = "the caller's deadline had passed when this agent took up the request; nothing was done";
  return { requestId, ok: false, code: 'UNAVAILABLE', message, definite: operation.kind === 'get' };
}

/**
 * Ids this agent makes itself (every read, and a write sent without one): 64 random bits drawn once
 * per process, then a counter. Drawing random bytes for each request showed in the agents' profile.
 */
const localIdPrefix = randomBytes(8).toString('hex');
let localIdCount = 0;

export function localRequestId(self: NodeId): string {
  localIdCount += 1;
  return `${self}-${localIdPrefix}-${localIdCount}`;
}

/** A write's request id: the caller's, or a fresh one when it left it empty (a retry is then new). */
export function requestIdOf(self: NodeId, requestId: string): string {
  return requestId || localRequestId(self);
}

/** Runs one request; `forwarded` says whether another agent already forwarded it here. */
export async function handleKvRequest(
  options: KvServiceOptions,
  operation: KvOperation,
  forwarded: boolean,
  deadlineUnixMs: number,
): Promise<Outcome> {
  const requestId = operation.kind === 'get' ? localRequestId(options.self) : operation.requestId;
  if (deadlineUnixMs <= Date.now()) return { reply: pastDeadline(requestId, operation) };
  const deadlineMs = Number.isFinite(deadlineUnixMs) ? options.toCoreDeadline(deadlineUnixMs) : undefined;
  const reply = await options.requests.request({
    requestId,
    operation: coreOperation(operation),
    ...(deadlineMs === undefined ? {} : { deadlineMs: Math.max(0, deadlineMs) }),
  });
  if (reply.ok || reply.code !== 'NOT_REPLICA' || !reply.replicas) return { reply };
  if (forwarded) return { reply };
  // Forwarding stops when the caller's own deadline passes: nobody would hear the answer.
  if (deadlineUnixMs <= Date.now()) return { reply: pastDeadline(requestId, operation) };
  try {
    return {
      forwarded: (await options.forwarder.run(operation, reply.replicas, deadlineUnixMs)).result.response,
    };
  } catch (error) {
    if (!(error instanceof KvCallError)) throw error;
    const { error: last } = error.last;
    throw new CallFailed({ code: last.code, details: error.message, metadata: last.metadata });
  }
}

export function getResponseOf(self: NodeId, reply: OkReply): GetResponse {
  return {
    found: reply.value !== null,
    value: reply.value ?? new Uint8Array(),
    version: reply.version,
    index: reply.index,
    path: replyPathToWire(reply.path),
    servedBy: self,
  };
}

export function writeResponseOf(self: NodeId, reply: OkReply): WriteResponse {
  return {
    version: reply.version,
    index: reply.index,
    path: replyPathToWire(reply.path),
    servedBy: self,
    requestId: reply.requestId,
  };
}

function coreOperation(operation: KvOperation): ClientOperation {
  switch (operation.kind) {
    case 'get':
    case 'delete':
      return { kind: operation.kind, key: operation.key };
    case 'put':
      return { kind: 'put', key: operation.key, value: operation.value };
    case 'cas':
      return {
        kind: 'cas',
        key: operation.key,
        value: operation.value,
        expectedVersion: operation.expectedVersion,
      };
  }
}
