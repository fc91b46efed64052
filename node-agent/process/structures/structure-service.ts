/**
 * StructureService on a node agent: each call checked, then run by the structure library
 * (runStructureAction) through `port`, the agent's way to the keys' replicas, and answered as a
 * StructureReply or a status naming the field and the limit.
 */
import { Metadata, status, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import type { StructureLimits } from '../../../app/kv/structures/structure-value';
import type { StructureReply, StructureRequest } from '../../../app/proto/generated/structures';
import type { NodeId } from '../../../app/paxos/types';
import type { Topology } from '../../../app/model/topology';
import { newRequestId, type ClusterKvClient } from '../../kit/client/kv-client';
import { clusterPort, type KvPort } from '../../kit/structures/kv-port';
import { structureLimits } from '../../kit/structures/structure-options';
import { runStructureAction } from '../../kit/structures/structure-action';
import { replyOf } from './structure-reply';
import { checkRequest } from './structure-request';
import { structureFailure } from './structure-status';

export interface StructureServiceOptions {
  self: NodeId;
  port: KvPort;
  limits: StructureLimits;
}

/** The outcome of one call: the reply, or the status it fails with. */
export type StructureAnswer =
  | { ok: true; reply: StructureReply }
  | { ok: false; code: status; details: string; metadata: Record<string, string> };

/** Answers one request; never rejects. */
export async function answerStructure(
  options: StructureServiceOptions,
  request: StructureRequest,
): Promise<StructureAnswer> {
  let opField = '';
  let requestId = request.requestId;
  try {
    const checked = checkRequest(request);
    opField = checked.opField;
    requestId = checked.requestId || newRequestId(`${options.self}-structure`);
    const { attemptsMax, action } = checked;
    const { result, run } = await runStructureAction(options.port, options.limits, action, {
      requestId,
      attemptsMax,
    });
    return { ok: true, reply: replyOf(result, run) };
  } catch (error) {
    const failure = structureFailure(error, opField, requestId);
    if (failure) return { ok: false, ...failure };
    return {
      ok: false,
      code: status.INTERNAL,
      details: `agent error: ${(error as Error).message}`,
      metadata: {},
    };
  }
}

export function structureServiceHandlers(options: StructureServiceOptions) {
  return {
    run(call: ServerUnaryCall<StructureRequest, StructureReply>, callback: sendUnaryData<StructureReply>) {
      void answerStructure(options, call.request).then((answer) => {
        if (answer.ok) return callback(null, answer.reply);
        const metadata = new Metadata();
        for (const [key, value] of Object.entries(answer.metadata)) metadata.set(key, value);
        callback({ code: answer.code, details: answer.details, metadata }, null);
      });
    },
  };
}

/**
 * The agent's StructureService: the library runs inside the agent and reaches each key through the
 * agent's forwarding client (the key's replicas in role order, one pipelined stream each), the same
 * cluster port as `npm run kv`, with the default structure size under the topology's value limit.
 */
export function agentStructureService(self: NodeId, topology: Topology, forwarder: ClusterKvClient) {
  return structureServiceHandlers({ self, port: clusterPort(forwarder), limits: structureLimits(topology) });
}
