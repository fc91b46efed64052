/**
 * KvService on one agent. A key this node replicates goes to its core; any other key is forwarded to
 * the key's replicas in role order (A → B → C, next role when one is down or relearning), so a client
 * may call any agent for any key. Forwarded calls are marked, and a marked call is never forwarded again.
 */
import {
  Metadata,
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type StatusObject,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { placeKey } from '../../app/paxos';
import type { ClientOperation, ClientReply, NodeId, PlacementGroup } from '../../app/paxos/types';
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
import { kvErrorMetadataKey, replyPathToWire } from '../../app/proto/kv-status';
import { statusOfReply } from './kv-status';

/** Marks a call an agent forwarded; its value is the forwarding node. */
export const forwardedByKey = 'paxoscope-forwarded-by';

type OkReply = Extract<ClientReply, { ok: true }>;

export interface KvServiceOptions {
  self: NodeId;
  groups: PlacementGroup[];
  requests: ClientRequests;
  /** Calls other agents for keys this node does not replicate. */
  forwarder: ClusterKvClient;
}

export function kvServiceHandlers(options: KvServiceOptions): UntypedServiceImplementation {
  // A forwarded call comes back as the same response type its operation kind asks for.
  const serve = <Request, Response>(
    toOperation: (request: Request) => KvOperation,
    toResponse: (reply: OkReply) => Response,
  ) => {
    return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
      const operation = toOperation(call.request);
      handle(options, operation, call.metadata).then(
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

/** Serves locally when this node replicates the key, else forwards (once). */
async function handle(
  options: KvServiceOptions,
  operation: KvOperation,
  metadata: Metadata,
): Promise<Outcome> {
  const { replicas } = placeKey(options.groups, operation.key);
  if (replicas.includes(options.self)) {
    const requestId = operation.kind === 'get' ? newRequestId(options.self) : operation.requestId;
    return { reply: await options.requests.request({ requestId, operation: coreOperation(operation) }) };
  }
  const forwardedBy = metadata.get(forwardedByKey)[0];
  if (forwardedBy !== undefined)
    throw new CallFailed(notReplica(options.self, replicas, String(forwardedBy)));
  try {
    return { forwarded: (await options.forwarder.run(operation)).result.response };
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

function notReplica(self: NodeId, replicas: NodeId[], forwardedBy: string): Partial<StatusObject> {
  const metadata = new Metadata();
  metadata.set(kvErrorMetadataKey.code, 'NOT_REPLICA');
  metadata.set(kvErrorMetadataKey.replicas, replicas.join(','));
  metadata.set(kvErrorMetadataKey.definite, 'true');
  const details = `key: ${self} does not replicate this key (replicas ${replicas.join(', ')}); forwarded by ${forwardedBy}`;
  return { code: status.FAILED_PRECONDITION, details, metadata };
}
