/**
 * The outbound Connect stream to one peer, kept open for the agent's life: when it breaks (the peer
 * died, restarted or was never up) it reopens after a jittered, doubling backoff. Frames written while
 * it is down are dropped and counted; the core's round timeouts and catch-up recover what they carried.
 */
import { Client, credentials, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import type { NodeId } from '../../app/paxos/types';
import { channelOptions } from './channel-options';
import type { PeerLinkWriter } from './peer-sender';
import { rawPeerService } from './raw-peer-service';

/** Call metadata naming the dialling node, so the peer can dial back at once (see reconnectNow). */
export const peerFromKey = 'paxoscope-from';

const backoffFirstMs = 25;
/** Loopback reconnects are cheap, and a restarted peer should hear from us within half a second. */
const backoffMaxMs = 500;

export interface PeerLinkOptions {
  self: NodeId;
  peer: NodeId;
  address: string;
  /** Frames the peer writes back on this stream's response side are received like any other. */
  onFrame(frame: Buffer): void;
}

export class PeerLink implements PeerLinkWriter {
  private readonly client: Client;
  private stream: ClientDuplexStream<Buffer, Buffer> | null = null;
  /** False while the stream's write buffer is full; frames are dropped until it drains. */
  private writable = false;
  private backoffMs = backoffFirstMs;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  connects = 0;

  constructor(private readonly options: PeerLinkOptions) {
    this.client = new Client(options.address, credentials.createInsecure(), channelOptions);
    this.open();
  }

  get connected(): boolean {
    return this.stream !== null;
  }

  writeFrame(frame: Uint8Array): boolean {
    if (!this.stream || !this.writable) return false;
    this.writable = this.stream.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    return true;
  }

  /**
   * The peer just dialled us, so it is up: skip the rest of the backoff. Without this, a restarted peer
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
    this.client.close();
  }

  private open(): void {
    const metadata = new Metadata();
    metadata.set(peerFromKey, this.options.self);
    const { path, requestSerialize, responseDeserialize } = rawPeerService.connect;
    const stream = this.client.makeBidiStreamRequest(
      path,
      requestSerialize,
      responseDeserialize,
      metadata,
      {},
    );
    this.stream = stream;
    this.writable = true;
    // The server sends headers as soon as it accepts the stream: that, not the call, proves the link is up.
    stream.on('metadata', () => {
      this.backoffMs = backoffFirstMs;
      this.connects += 1;
    });
    stream.on('data', (frame: Buffer) => this.options.onFrame(frame));
    stream.on('drain', () => (this.writable = true));
    stream.on('error', () => this.broken(stream));
    stream.on('end', () => this.broken(stream));
  }

  private broken(stream: ClientDuplexStream<Buffer, Buffer>): void {
    if (this.stream !== stream) return;
    this.stream = null;
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
