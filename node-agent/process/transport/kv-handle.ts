/**
 * What KvService does with one request, whichever way it came (a unary call or a Pipeline stream):
 * the core answers first, so its validation comes before any forwarding; only its NOT_REPLICA answer
 * sends the request on, to the replicas it names, once. Forwarded requests are never forwarded again.
 */
import { status, type Metadata, type StatusObject } from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import type { ClientReply, ClientRequest, KvOperation } from '../../../app/kv/operations';
import type { NodeId } from '../../../app/paxos/types';
import { KvCallError, type ClusterKvClient } from '../../kit/client/kv-client';
import { statusOfReply } from '../../kit/grpc/kv-failure';
import {
  replyToWire,
  requestFromWire,
  type ServedReply,
  type WireRequest,
  type WireResponse,
} from '../../kit/grpc/kv-wire';
import type { ClientRequests } from '../runtime/client-requests';

/** Marks a call an agent forwarded; its value is the forwarding node. */
export const forwardedByKey = 'paxoscope-forwarded-by';

export interface KvServiceOptions {
  self: NodeId;
  requests: ClientRequests;
  /** Calls other agents for keys this node does not replicate. */
  forwarder: ClusterKvClient;
  /** A wall-clock deadline (Unix ms) in the core's clock. */
  toCoreDeadline(unixMs: number): number;
}

/** A call that fails with a ready-made status (passed on from a replica, or NOT_REPLICA). */
class CallFailed extends Error {
  constructor(readonly status: Partial<StatusObject>) {
    super(status.details);
  }
}

function internalError(error: Error): Partial<StatusObject> {
  return { code: status.INTERNAL, details: `agent error: ${error.message}` };
}

type Outcome = { reply: ClientReply } | { forwarded: ServedReply };

/** How one request ends on the wire: the response of its kind, or the status the call fails with. */
type WireAnswer = WireResponse | { $case: 'failed'; status: Partial<StatusObject> };

/** Whether another agent forwarded the call here (it carries the forwarding node's mark). */
export function isForwarded(metadata: Metadata): boolean {
  return metadata.get(forwardedByKey).length > 0;
}

/**
 * The earlier of the request's own wall-clock deadline (absent: none) and gRPC's. gRPC's is relative
 * and restarts when a paused agent finally reads the call, so only the request's own survives a SIGSTOP.
 */
function callerDeadline(requestUnixMs: number | undefined, grpc: Date | number): number {
  const grpcMs = grpc instanceof Date ? grpc.getTime() : grpc;
  return Math.min(requestUnixMs ?? Infinity, grpcMs);
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

function localRequestId(self: NodeId): string {
  localIdCount += 1;
  return `${self}-${localIdPrefix}-${localIdCount}`;
}

/** A write's request id: the caller's, or a fresh one when it left it empty (a retry is then new). */
function requestIdOf(self: NodeId, requestId: string): string {
  return requestId || localRequestId(self);
}

/**
 * Answers one request as it came off the wire; never rejects. `grpcDeadline` is the call's (or the
 * stream's) gRPC deadline, `forwarded` whether another agent already forwarded the request here.
 */
export async function answerWire(
  options: KvServiceOptions,
  op: WireRequest | undefined,
  forwarded: boolean,
  grpcDeadline: Date | number,
): Promise<WireAnswer> {
  if (op === undefined) {
    const details = 'op: no operation is set (missing, or unknown to this version)';
    return { $case: 'failed', status: { code: status.INVALID_ARGUMENT, details } };
  }
  try {
    const request = requestFromWire(op);
    const deadlineUnixMs = callerDeadline(request.deadlineMs, grpcDeadline);
    const kind = request.operation.kind;
    const outcome = await handleKvRequest(options, request, forwarded, deadlineUnixMs);
    if ('forwarded' in outcome) return replyToWire(kind, outcome.forwarded, outcome.forwarded.servedBy);
    const { reply } = outcome;
    if (!reply.ok) return { $case: 'failed', status: statusOfReply(reply) };
    return replyToWire(kind, reply, options.self);
  } catch (error) {
    const failed = error instanceof CallFailed ? error.status : internalError(error as Error);
    return { $case: 'failed', status: failed };
  }
}

/** Runs one request whose wall-clock deadline is `deadlineUnixMs` (Infinity: none). */
async function handleKvRequest(
  options: KvServiceOptions,
  request: ClientRequest,
  forwarded: boolean,
  deadlineUnixMs: number,
): Promise<Outcome> {
  const { operation } = request;
  const requestId =
    operation.kind === 'get' ? localRequestId(options.self) : requestIdOf(options.self, request.requestId);
  if (deadlineUnixMs <= Date.now()) return { reply: pastDeadline(requestId, operation) };
  const deadlineMs = Number.isFinite(deadlineUnixMs) ? options.toCoreDeadline(deadlineUnixMs) : undefined;
  const reply = await options.requests.request({
    requestId,
    operation,
    ...(deadlineMs === undefined ? {} : { deadlineMs: Math.max(0, deadlineMs) }),
  });
  if (reply.ok || reply.code !== 'NOT_REPLICA' || !reply.replicas) return { reply };
  if (forwarded) return { reply };
  // Forwarding stops when the caller's own deadline passes: nobody would hear the answer.
  if (deadlineUnixMs <= Date.now()) return { reply: pastDeadline(requestId, operation) };
  try {
    const run = { requestId, targets: reply.replicas, deadlineMs: deadlineUnixMs };
    return { forwarded: (await options.forwarder.run(operation, run)).reply };
  } catch (error) {
    if (!(error instanceof KvCallError)) throw error;
    const { error: last } = error.last;
    throw new CallFailed({ code: last.code, details: error.message, metadata: last.metadata });
  }
}
