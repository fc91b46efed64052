/**
 * KvService on one agent. A key this node replicates goes to its core; any other key is forwarded to
 * the key's replicas in role order (A → B → C, next role when one is down or relearning), so a client
 * may call any agent for any key (kv-handle.ts). The four unary methods are here; Pipeline, the same
 * operations many at a time on one stream, is in kv-pipeline-server.ts.
 */
import {
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type {
  CompareAndSetRequest,
  DeleteRequest,
  GetRequest,
  GetResponse,
  KvReplyBatch,
  KvRequestBatch,
  PutRequest,
  WriteResponse,
} from '../../../app/proto/generated/kv';
import type { KvOperation } from '../../kit/client/kv-client';
import {
  CallFailed,
  callerDeadline,
  forwardedByKey,
  getResponseOf,
  handleKvRequest,
  internalError,
  requestIdOf,
  writeResponseOf,
  type KvServiceOptions,
  type OkReply,
} from './kv-handle';
import { servePipeline } from './kv-pipeline-server';
import { statusOfReply } from '../../kit/grpc/kv-failure';

export { forwardedByKey, type KvServiceOptions } from './kv-handle';

export function kvServiceHandlers(options: KvServiceOptions): UntypedServiceImplementation {
  // A forwarded call comes back as the same response type its operation kind asks for.
  const serve = <Request, Response>(
    toOperation: (request: Request) => KvOperation,
    toResponse: (reply: OkReply) => Response,
  ) => {
    return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
      const operation = toOperation(call.request);
      const { deadlineUnixMs } = call.request as { deadlineUnixMs?: number };
      const forwarded = call.metadata.get(forwardedByKey).length > 0;
      const deadline = callerDeadline(deadlineUnixMs ?? 0, call.getDeadline());
      handleKvRequest(options, operation, forwarded, deadline).then(
        (outcome) => {
          if ('forwarded' in outcome) callback(null, outcome.forwarded as Response);
          else if (outcome.reply.ok) callback(null, toResponse(outcome.reply));
          else callback(statusOfReply(outcome.reply));
        },
        (error: Error) => callback(error instanceof CallFailed ? error.status : internalError(error)),
      );
    };
  };
  const self = options.self;
  const writeResponse = (reply: OkReply) => writeResponseOf(self, reply);
  return {
    get: serve<GetRequest, GetResponse>(
      (request) => ({ kind: 'get', key: request.key }),
      (reply) => getResponseOf(self, reply),
    ),
    put: serve<PutRequest, WriteResponse>(
      (request) => ({
        kind: 'put',
        key: request.key,
        value: request.value,
        requestId: requestIdOf(self, request.requestId),
      }),
      writeResponse,
    ),
    delete: serve<DeleteRequest, WriteResponse>(
      (request) => ({ kind: 'delete', key: request.key, requestId: requestIdOf(self, request.requestId) }),
      writeResponse,
    ),
    compareAndSet: serve<CompareAndSetRequest, WriteResponse>(
      (request) => ({
        kind: 'cas',
        key: request.key,
        value: request.value,
        expectedVersion: request.expectedVersion,
        requestId: requestIdOf(self, request.requestId),
      }),
      writeResponse,
    ),
    pipeline: (call: ServerDuplexStream<KvRequestBatch, KvReplyBatch>) => servePipeline(options, call),
  };
}
