/**
 * One agent as the console talks to it: KvService on one Pipeline stream (unary calls to a node
 * that serves none, such as a simulated one; the unary stub stays at `kv.unary`), ControlService's
 * unary calls through the agents' own ControlClient, and the raw stub for Health probes and the
 * WatchEvents stream, all with the cluster token. grpc-js reconnects a channel by itself (fast on loopback, see channelOptions), so a
 * killed and restarted agent is reachable again without new clients.
 */
import { credentials, Metadata } from '@grpc/grpc-js';
import { controlTokenMetadataKey } from '../../app/proto/control-metadata';
import {
  ControlServiceClient,
  HealthResponse_ServingStatus,
  type GetStatusResponse,
} from '../../app/proto/generated/control';
import { AgentKv, ControlClient, channelOptions, callUnary } from '../../node-agent';

export interface HealthReport {
  serving: boolean;
  reason: string;
  status: GetStatusResponse;
}

/** Control calls that change an agent answer within this, or count as not reached. */
const controlTimeoutMs = 2000;

export class AgentClient {
  readonly kv: AgentKv;
  readonly control: ControlClient;
  /** The generated stub, for Health (no token needed) and the event stream. */
  readonly controlStub: ControlServiceClient;

  constructor(
    readonly nodeId: string,
    readonly address: string,
    private readonly token: string | null,
  ) {
    this.kv = new AgentKv(address, { pipelined: true });
    this.control = new ControlClient(address, token, controlTimeoutMs);
    this.controlStub = new ControlServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  /** Fresh metadata for one call (grpc-js may mutate what it is given). */
  metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== null) metadata.set(controlTokenMetadataKey, this.token);
    return metadata;
  }

  /** Health and status in one go; rejects when the agent does not answer within timeoutMs. */
  async probe(timeoutMs: number): Promise<HealthReport> {
    const stub = this.controlStub;
    const [health, status] = await Promise.all([
      callUnary(stub.health.bind(stub), {}, { timeoutMs }),
      callUnary(stub.getStatus.bind(stub), {}, { timeoutMs, metadata: this.metadata() }),
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
    this.controlStub.close();
  }
}
