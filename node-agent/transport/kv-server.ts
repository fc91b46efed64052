/**
 * KvService on one agent. A key this node replicates goes to its core; any other key is forwarded to
 * the key's replicas in role order (A → B → C, next role when one is down or relearning), so a client
 * may call any agent for any key. Forwarded calls are marked, and a marked call is never forwarded again.
 */
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { ClientOperation, ClientReply, NodeId } from '../../app/paxos/types';
import type {
  CompareAndSetRequest,
  DeleteRequest,
  GetRequest,
  GetResponse,
  PutRequest,
  WriteResponse,
} from '../../app/proto/generated/kv';
import { KvCallError, newRequestId, type ClusterKvClient, type KvOperation } from '../client/kv-client';
import type { ClientRequests } from '../runtime/client-requests';
import { replyPathToWire } from '../../app/proto/kv-status';
import { statusOfReply } from './kv-status';

/** Marks a call an agent forwarded; its value is the forwarding node. */
export const forwardedByKey = 'paxoscope-forwarded-by';

type OkReply = Extract<ClientReply, { ok: true }>;

export interface KvServiceOptions {
  self: NodeId;
  requests: ClientRequests;
  /** Calls other agents for keys this node does not replicate. */
  forwarder: ClusterKvClient;
  /** A wall-clock deadline (Unix ms) in the core's clock. */
  toCoreDeadline(unixMs: number): number;
}

export function kvServiceHandlers(options: KvServiceOptions): UntypedServiceImplementation {
  // A forwarded call comes back as the same response type its operation kind asks for.
  const serve = <Request, Response>(
    toOperation: (request: Request) => KvOperation,
    toResponse: (reply: OkReply) => Response,
  ) => {
    return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
      const operation = toOperation(call.request);
      const { deadlineUnixMs } = call.request as { deadlineUnixMs?: number };
      handle(options, operation, call, callerDeadline(deadlineUnixMs ?? 0, call.getDeadline())).then(
        (outcome) => {
          if ('forwarded' in outcome) callback(null, outcome.forwarded as Response);
          else if (outcome.reply.ok) callback(null, toResponse(outcome.reply));
          else callback(statusOfReply(outcome.reply));
        },
        (error: Error) => callback(error instanceof CallFailed ? error.status : internalError(error)),
      );
    };
  };
  const writeResponse = (reply: OkReply): WriteResponse => ({
    version: reply.version,
    index: reply.index,
    path: replyPathToWire(reply.path),
    servedBy: options.self,
    requestId: reply.requestId,
  });
  const requestIdOf = (requestId: string) => requestId || newRequestId(options.self);
  return {
    get: serve<GetRequest, GetResponse>(
      (request) => ({ kind: 'get', key: request.key }),
      (reply) => ({
        found: reply.value !== null,
        value: reply.value ?? new Uint8Array(),
        version: reply.version,
        index: reply.index,
        path: replyPathToWire(reply.path),
        servedBy: options.self,
      }),
    ),
    put: serve<PutRequest, WriteResponse>(
      (request) => ({
        kind: 'put',
        key: request.key,
        value: request.value,
        requestId: requestIdOf(request.requestId),
      }),
      writeResponse,
    ),
    delete: serve<DeleteRequest, WriteResponse>(
      (request) => ({ kind: 'delete', key: request.key, requestId: requestIdOf(request.requestId) }),
      writeResponse,
    ),
    compareAndSet: serve<CompareAndSetRequest, WriteResponse>(
      (request) => ({
        kind: 'cas',
        key: request.key,
        value: request.value,
        expectedVersion: request.expectedVersion,
        requestId: requestIdOf(request.requestId),
      }),
      writeResponse,
    ),
  };
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

type Outcome = { reply: ClientReply } | { forwarded: GetResponse | WriteResponse };

/**
 * The earlier of the request's own wall-clock deadline (0: none) and gRPC's. gRPC's is relative and
 * restarts when a paused agent finally reads the call, so only the request's own survives a SIGSTOP.
 */
function callerDeadline(requestUnixMs: number, grpc: Date | number): number {
  const grpcMs = grpc instanceof Date ? grpc.getTime() : grpc;
  return Math.min(requestUnixMs > 0 ? requestUnixMs : Infinity, grpcMs);
}

/** Nobody waits for the answer any more, so the request is neither proposed nor forwarded. */
function pastDeadline(requestId: string, operation: KvOperation): ClientReply {
  const message = "the caller's deadline had passed when this agent took up the request; nothing was done";
  return { requestId, ok: false, code: 'UNAVAILABLE', message, definite: operation.kind === 'get' };
}

/**
 * The core answers first, so its validation (empty key, limits) comes before any forwarding; only its
 * NOT_REPLICA answer sends the call on, to the replicas it names, once.
 */
async function handle(
  options: KvServiceOptions,
  operation: KvOperation,
  call: ServerUnaryCall<unknown, unknown>,
  deadlineUnixMs: number,
): Promise<Outcome> {
  const requestId = operation.kind === 'get' ? newRequestId(options.self) : operation.requestId;
  if (deadlineUnixMs <= Date.now()) return { reply: pastDeadline(requestId, operation) };
  const deadlineMs = Number.isFinite(deadlineUnixMs) ? options.toCoreDeadline(deadlineUnixMs) : undefined;
  const reply = await options.requests.request({
    requestId,
    operation: coreOperation(operation),
    ...(deadlineMs === undefined ? {} : { deadlineMs: Math.max(0, deadlineMs) }),
  });
  if (reply.ok || reply.code !== 'NOT_REPLICA' || !reply.replicas) return { reply };
  if (call.metadata.get(forwardedByKey).length > 0) return { reply };
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
