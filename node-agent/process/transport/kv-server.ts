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
import type { KvReplyBatch, KvRequestBatch } from '../../../app/proto/generated/kv';
import type { WireRequest } from '../../kit/grpc/kv-wire';
import { answerWire, isForwarded, type KvServiceOptions } from './kv-handle';
import { servePipeline } from './kv-pipeline-server';

export { forwardedByKey, type KvServiceOptions } from './kv-handle';

type Method = WireRequest['$case'];
type RequestOf<M extends Method> = Extract<WireRequest, { $case: M }>['value'];

export function kvServiceHandlers(options: KvServiceOptions): UntypedServiceImplementation {
  // Each unary method takes the message of its name and answers the response its kind has.
  const unary =
    <M extends Method>(method: M) =>
    (call: ServerUnaryCall<RequestOf<M>, unknown>, callback: sendUnaryData<unknown>) => {
      const op = { $case: method, value: call.request } as WireRequest;
      void answerWire(options, op, isForwarded(call.metadata), call.getDeadline()).then((answer) =>
        answer.$case === 'failed' ? callback(answer.status) : callback(null, answer.value),
      );
    };
  return {
    get: unary('get'),
    put: unary('put'),
    delete: unary('delete'),
    compareAndSet: unary('compareAndSet'),
    pipeline: (call: ServerDuplexStream<KvRequestBatch, KvReplyBatch>) => servePipeline(options, call),
  };
}
