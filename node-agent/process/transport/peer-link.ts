/**
 * The outbound Connect stream to one peer, kept open for the agent's life. The stream waits for the
 * peer (gRPC keeps dialling while it is down) and counts as up only once the peer has answered with
 * headers; frames written while it is not up are dropped and counted, and the core's round timeouts
 * and catch-up recover what they carried. A stream that breaks is reopened after a short backoff.
 */
import { Client, credentials, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import type { NodeId } from '../../../app/paxos/types';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';
import { channelOptions } from '../../kit/grpc/channel-options';
import type { PeerLinkWriter } from './peer-sender';
import { rawPeerService } from './raw-peer-service';

/** Call metadata naming the dialling node, so the peer can dial back at once (see reconnectNow). */
export const peerFromKey = 'paxoscope-from';

const backoffFirstMs = 25;
/** Loopback reconnects are cheap, and a restarted peer should hear from us within a few hundred ms. */
const backoffMaxMs = 250;

/** gRPC's own dialling backoff, while a peer is down, stays as short as ours. */
const peerChannelOptions = {
  ...channelOptions,
  'grpc.initial_reconnect_backoff_ms': backoffFirstMs,
  'grpc.max_reconnect_backoff_ms': backoffMaxMs,
};

export interface PeerLinkOptions {
  self: NodeId;
  peer: NodeId;
  address: string;
  /** Frames the peer writes back on this stream's response side are received like any other. */
  onFrame(frame: Buffer): void;
  /** The cluster token, which peers check like ControlService does; null when the cluster has none. */
  token?: string | null;
}

export class PeerLink implements PeerLinkWriter {
  private readonly client: Client;
  private stream: ClientDuplexStream<Buffer, Buffer> | null = null;
  /** True once the peer answered this stream's headers, until it breaks. */
  private up = false;
  /** False while the stream's write buffer is full; frames are dropped until it drains. */
  private writable = false;
  private backoffMs = backoffFirstMs;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.client = new Client(options.address, credentials.createInsecure(), peerChannelOptions);
    this.open();
  }

  writeFrame(frame: Uint8Array): boolean {
    if (!this.stream || !this.up || !this.writable) return false;
    this.writable = this.stream.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    return true;
  }

  /**
   * The peer just dialled us, so it is up: skip the rest of our backoff. Without this, a restarted peer
   * would miss our messages for up to the longest backoff.
   */
  reconnectNow(): void {
    if (this.stream || this.closed || !this.reconnectTimer) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.backoffMs = backoffFirstMs;
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stream?.end();
    this.stream = null;
    this.up = false;
    this.client.close();
  }

  private open(): void {
    const metadata = new Metadata({ waitForReady: true });
    metadata.set(peerFromKey, this.options.self);
    if (this.options.token) metadata.set(controlTokenMetadataKey, this.options.token);
    const { path, requestSerialize, responseDeserialize } = rawPeerService.connect;
    const stream = this.client.makeBidiStreamRequest(
      path,
      requestSerialize,
      responseDeserialize,
      metadata,
      {},
    );
    this.stream = stream;
    // The server sends headers as soon as it accepts the stream: that, not the call, proves the link is up.
    stream.on('metadata', () => {
      if (this.stream !== stream) return;
      this.up = true;
      this.writable = true;
      this.backoffMs = backoffFirstMs;
    });
    stream.on('data', (frame: Buffer) => this.options.onFrame(frame));
    stream.on('drain', () => (this.writable = true));
    stream.on('error', () => this.broken(stream));
    stream.on('end', () => this.broken(stream));
  }

  private broken(stream: ClientDuplexStream<Buffer, Buffer>): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.up = false;
    this.writable = false;
    if (this.closed) return;
    const delayMs = this.backoffMs * (0.5 + Math.random());
    this.backoffMs = Math.min(this.backoffMs * 2, backoffMaxMs);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.open();
    }, delayMs);
  }
}
