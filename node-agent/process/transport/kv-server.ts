/**
 * KvService on one agent. A key this node replicates goes to its core; any other key is forwarded to
 * the key's replicas in role order (A → B → C, next role when one is down or relearning), so a client
 * may call any agent for any key (kv-handle.ts). The four unary methods are here; Pipeline, the same
 * operations many at a time on one stream, is in kv-pipeline-server.ts.
 */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import { answerWire, isForwarded, type KvServiceOptions } from './kv-handle';
import { kvHandlerTable } from './kv-handler-table';
import { servePipeline } from './kv-pipeline-server';

export { forwardedByKey, type KvServiceOptions } from './kv-handle';

export function kvServiceHandlers(options: KvServiceOptions): UntypedServiceImplementation {
  return kvHandlerTable(
    (op, call, callback) =>
      void answerWire(options, op, isForwarded(call.metadata), call.getDeadline()).then((answer) =>
        answer.$case === 'failed' ? callback(answer.status) : callback(null, answer.value),
      ),
    (call) => servePipeline(options, call),
  );
}
