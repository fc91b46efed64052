/**
 * ControlService as promises, with the cluster token on every call: what the control CLI and the
 * integration tests use to watch an agent and set its faults. (The console has its own client in
 * main/agents, over the same generated stubs and the same metadata key.)
 */
import { credentials, Metadata, type ClientReadableStream } from '@grpc/grpc-js';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import type { FaultChangeInput, FaultState } from '../../../app/model/fault-model';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';
import { clusterEventFromWire } from '../../../app/proto/event-codec';
import {
  ControlServiceClient,
  ReleaseHeldRequest_Action,
  type ClusterEventMessage,
  type FaultsResponse,
  type GetStatusResponse,
  type HeldMessage,
  type InspectKeyResponse,
  type ProtocolPace,
} from '../../../app/proto/generated/control';
import {
  VerificationServiceClient,
  type CorruptKeyResponse,
} from '../../../app/proto/generated/verification';
import { channelOptions } from '../grpc/channel-options';
import { callUnary } from '../grpc/unary-call';

export type HeldAction = 'deliver' | 'drop' | 'duplicate';

const wireAction: Record<HeldAction, ReleaseHeldRequest_Action> = {
  deliver: ReleaseHeldRequest_Action.ACTION_DELIVER,
  drop: ReleaseHeldRequest_Action.ACTION_DROP,
  duplicate: ReleaseHeldRequest_Action.ACTION_DUPLICATE,
};

export interface EventWatch {
  /** Ends the stream (the agent then forgets this watcher). */
  cancel(): void;
  /** Stops reading: HTTP/2 flow control then backs up to the agent, whose watcher queue fills and drops. */
  pause(): void;
  resume(): void;
  /** Resolves when the stream ends, rejects with its error (not on cancel). */
  readonly ended: Promise<void>;
}

export class ControlClient {
  private readonly client: ControlServiceClient;
  private verification: VerificationServiceClient | null = null;

  constructor(
    readonly address: string,
    private readonly token: string | null,
    private readonly timeoutMs = 5000,
  ) {
    this.client = new ControlServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  status(): Promise<GetStatusResponse> {
    return callUnary(this.client.getStatus.bind(this.client), {}, this.options());
  }

  inspectKey(key: string): Promise<InspectKeyResponse> {
    return callUnary(this.client.inspectKey.bind(this.client), { key }, this.options());
  }

  applyFault(change: FaultChangeInput): Promise<FaultsResponse> {
    return callUnary(
      this.client.applyFault.bind(this.client),
      { changeJson: JSON.stringify(change) },
      this.options(),
    );
  }

  setFaults(state: FaultState | null): Promise<FaultsResponse> {
    return callUnary(
      this.client.setFaults.bind(this.client),
      { stateJson: state === null ? '' : JSON.stringify(state) },
      this.options(),
    );
  }

  faults(): Promise<FaultsResponse> {
    return callUnary(this.client.getFaults.bind(this.client), {}, this.options());
  }

  async listHeld(): Promise<HeldMessage[]> {
    return (await callUnary(this.client.listHeld.bind(this.client), {}, this.options())).messages;
  }

  async releaseHeld(id: string, action: HeldAction): Promise<number> {
    return (
      await callUnary(
        this.client.releaseHeld.bind(this.client),
        { id, action: wireAction[action] },
        this.options(),
      )
    ).heldCount;
  }

  /** Sets how fast the agent's protocol time runs (0 stops, 1 is real time); hold mode still stops it. */
  setProtocolPace(rate: number): Promise<ProtocolPace> {
    return callUnary(this.client.setProtocolPace.bind(this.client), { rate }, this.options());
  }

  /** The --corrupt fault: flips a byte of KEY's newest chosen value in the agent's LevelDB (VerificationService). */
  corruptKey(key: string): Promise<CorruptKeyResponse> {
    const stub = (this.verification ??= new VerificationServiceClient(
      this.address,
      credentials.createInsecure(),
      channelOptions,
    ));
    return callUnary(stub.corruptKey.bind(stub), { key }, this.options());
  }

  async crash(): Promise<void> {
    await callUnary(this.client.crash.bind(this.client), {}, this.options());
  }

  /** Streams events after `fromSeq` to `onEvent`, decoded and validated. */
  watch(fromSeq: number, onEvent: (event: ClusterEvent) => void): EventWatch {
    const stream: ClientReadableStream<ClusterEventMessage> = this.client.watchEvents(
      { fromSeq },
      this.metadata(),
    );
    let cancelled = false;
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('data', (wire: ClusterEventMessage) => onEvent(clusterEventFromWire(wire)));
      stream.on('end', () => resolve());
      stream.on('error', (error) => (cancelled ? resolve() : reject(error)));
    });
    // A caller that never awaits `ended` must not get an unhandled rejection when the agent goes away.
    ended.catch(() => undefined);
    return {
      cancel: () => {
        cancelled = true;
        stream.cancel();
      },
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      ended,
    };
  }

  close(): void {
    this.client.close();
    this.verification?.close();
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.token !== null) metadata.set(controlTokenMetadataKey, this.token);
    return metadata;
  }

  private options() {
    return { timeoutMs: this.timeoutMs, metadata: this.metadata() };
  }
}
