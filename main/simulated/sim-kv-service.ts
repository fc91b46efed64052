/**
 * KvService for one simulated node: each unary call becomes a client input of the run at the present
 * simulated time, and is answered when the run produces the reply (a key the node does not replicate
 * goes on to its replicas, as an agent forwards it). The wire is translated by the agents' own
 * functions. Pipeline is not served: main's pipelined clients see UNIMPLEMENTED and call these unary
 * methods with the same request (docs/pipelined-kv.md).
 */
import { status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeId } from '../../app/paxos/types';
import {
  kvHandlerTable,
  replyToWire,
  requestFromWire,
  statusOfReply,
  type WireRequest,
} from '../../node-agent';
import { CallStatusError, failureStatus } from './sim-call-status';
import type { SimulatedCluster } from './simulated-cluster';

export function simKvHandlers(cluster: SimulatedCluster, node: NodeId): UntypedServiceImplementation {
  return kvHandlerTable(
    (op, _call, callback) => {
      answer(cluster, node, op).then(
        (response) => callback(null, response),
        (error: unknown) => callback(failureStatus(error)),
      );
    },
    (call) =>
      call.emit('error', {
        code: status.UNIMPLEMENTED,
        details: 'a simulated node serves the unary KV calls only, not Pipeline',
      }),
  );
}

/** The response of the request's kind; a refused request rejects with the status an agent sends. */
async function answer(cluster: SimulatedCluster, node: NodeId, op: WireRequest) {
  const request = requestFromWire(op);
  const { reply, servedBy } = await cluster.request(node, request);
  if (!reply.ok) throw new CallStatusError({ ...statusOfReply(reply), code: statusOfReply(reply).code! });
  return replyToWire(request.operation.kind, reply, servedBy).value;
}
