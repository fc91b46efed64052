/** ControlService: the agent's status and a cheap Health probe for supervisors and the console. */
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import type { NodeCounters } from '../../app/paxos/types';
import {
  HealthResponse_ServingStatus,
  type GetStatusRequest,
  type GetStatusResponse,
  type HealthRequest,
  type HealthResponse,
} from '../../app/proto/generated/control';

export interface AgentStatusSource {
  nodeId: string;
  buildVersion: string;
  syncRelaxed: boolean;
  uptimeMs(): number;
  learnerOnly(): boolean;
  counters(): NodeCounters;
  storageBytes(): Promise<number>;
  /** Empty when serving; otherwise why not ("learner-only: …", "shutting down"). */
  notServingReason(): string;
}

export function controlServiceHandlers(source: AgentStatusSource): UntypedServiceImplementation {
  return {
    getStatus(
      _call: ServerUnaryCall<GetStatusRequest, GetStatusResponse>,
      callback: sendUnaryData<GetStatusResponse>,
    ) {
      source.storageBytes().then(
        (storageBytes) =>
          callback(null, {
            nodeId: source.nodeId,
            uptimeMs: Math.round(source.uptimeMs()),
            learnerOnly: source.learnerOnly(),
            storageBytes,
            counters: source.counters(),
            buildVersion: source.buildVersion,
            syncRelaxed: source.syncRelaxed,
          }),
        (error: Error) => callback({ code: status.INTERNAL, details: `storage size: ${error.message}` }),
      );
    },
    health(_call: ServerUnaryCall<HealthRequest, HealthResponse>, callback: sendUnaryData<HealthResponse>) {
      const reason = source.notServingReason();
      callback(null, {
        status:
          reason === ''
            ? HealthResponse_ServingStatus.SERVING_STATUS_SERVING
            : HealthResponse_ServingStatus.SERVING_STATUS_NOT_SERVING,
        reason,
      });
    },
  };
}
