/**
 * KvService's handler table: the four unary methods, each taking the message of its name, and
 * Pipeline. An agent (kv-server.ts) and a simulated node (main/simulated) fill it with their own
 * answers, so both serve the same methods under the same names.
 */
import type {
  sendUnaryData,
  ServerDuplexStream,
  ServerUnaryCall,
  UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { KvReplyBatch, KvRequestBatch } from '../../../app/proto/generated/kv';
import type { WireRequest } from '../../kit/grpc/kv-wire';

/** Answers one unary call, `op` being its request tagged with the method's name, through `callback`. */
export type ServeUnaryKv = (
  op: WireRequest,
  call: ServerUnaryCall<unknown, unknown>,
  callback: sendUnaryData<unknown>,
) => void;

export function kvHandlerTable(
  serveUnary: ServeUnaryKv,
  pipeline: (call: ServerDuplexStream<KvRequestBatch, KvReplyBatch>) => void,
): UntypedServiceImplementation {
  const unary =
    (method: WireRequest['$case']) =>
    (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
      serveUnary({ $case: method, value: call.request } as WireRequest, call, callback);
  return {
    get: unary('get'),
    put: unary('put'),
    delete: unary('delete'),
    compareAndSet: unary('compareAndSet'),
    pipeline,
  };
}
