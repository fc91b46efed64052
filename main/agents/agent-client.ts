/**
 * One agent as the console talks to it: a KvService and a ControlService client on one address, both
 * carrying the cluster token. grpc-js reconnects a channel by itself (fast on loopback, see
 * channelOptions), so a killed and restarted agent is reachable again without new clients.
 */
import { credentials, Metadata } from '@grpc/grpc-js';
import {
  ControlServiceClient,
  HealthResponse_ServingStatus,
  type GetStatusResponse,
} from '../../app/proto/generated/control';
import { KvServiceClient } from '../../app/proto/generated/kv';
import { channelOptions } from '../../node-agent/transport/channel-options';
import { callUnary } from '../../node-agent/transport/unary-call';

/** The call-metadata key that carries the cluster's control token. */
export const tokenMetadataKey = 'paxoscope-token';

export interface HealthReport {
  serving: boolean;
  reason: string;
  status: GetStatusResponse;
}

export class AgentClient {
  readonly kv: KvServiceClient;
  readonly control: ControlServiceClient;

  constructor(
    readonly nodeId: string,
    readonly address: string,
    private readonly token: string | null,
  ) {
    this.kv = new KvServiceClient(address, credentials.createInsecure(), channelOptions);
    this.control = new ControlServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  /** Fresh metadata for one call (grpc-js may mutate what it is given). */
  metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== null) metadata.set(tokenMetadataKey, this.token);
    return metadata;
  }

  /** Health and status in one go; rejects when the agent does not answer within timeoutMs. */
  async probe(timeoutMs: number): Promise<HealthReport> {
    const options = { timeoutMs, metadata: this.metadata() };
    const [health, status] = await Promise.all([
      callUnary(this.control.health.bind(this.control), {}, options),
      callUnary(this.control.getStatus.bind(this.control), {}, { timeoutMs, metadata: this.metadata() }),
    ]);
    return {
      serving: health.status === HealthResponse_ServingStatus.SERVING_STATUS_SERVING,
      reason: health.reason,
      status,
    };
  }

  close(): void {
    this.kv.close();
    this.control.close();
  }
}
