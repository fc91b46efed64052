/**
 * The outbound Connect stream to one peer, kept open for the agent's life. The stream waits for the
 * peer (gRPC keeps dialling while it is down) and counts as up only once the peer has answered with
 * headers; frames written while it is not up are dropped and counted, and the core's round timeouts
 * and catch-up recover what they carried. A stream that breaks is reopened after a short backoff.
 * When the peer's headers offer a loopback socket (a peer on this machine, loopback-peer-listener.ts),
 * frames go on that socket instead, and the link is up once it is connected; the stream stays open
 * beside it, and when either breaks both are closed and reopened together.
 */
import { Client, connectivityState, credentials, Metadata, type ClientDuplexStream } from '@grpc/grpc-js';
import { connect, type Socket } from 'node:net';
import type { NodeId } from '../../../app/paxos/types';
import { controlTokenMetadataKey } from '../../../app/proto/control-metadata';
import { channelOptions } from '../../kit/grpc/channel-options';
import { withLengthPrefix } from './length-prefixed';
import { loopbackPortKey, loopbackTicketKey } from './loopback-peer-listener';
import type { PeerLinkWriter } from './peer-sender';
import { rawPeerService } from './raw-peer-service';

/** Call metadata naming the dialling node, so the peer can dial back at once (see reconnectNow). */
export const peerFromKey = 'paxoscope-from';

const backoffFirstMs = 25;
/** Bytes a loopback socket may have queued before frames are dropped until it drains. */
const loopbackBacklogMax = 8 * 1024 * 1024;
/** Loopback reconnects are cheap, and a restarted peer should hear from us within a few hundred ms. */
const backoffMaxMs = 250;

/**
 * gRPC's own dialling while a peer is down backs off further than our stream's: each failed dial runs
 * grpc-js's subchannel, resolver and backoff machinery, and at 250 ms an agent whose group has three
 * peers down (bench:store's three agents) spent a quarter of its idle CPU on it. A restarted peer does
 * not wait for the slower dial: it dials us at start, and `reconnectNow` then dials it back at once.
 * Each link keeps its own subchannel (a local pool), so that a fresh channel really dials afresh
 * instead of sharing the old one's backoff.
 */
const peerChannelOptions = {
  ...channelOptions,
  'grpc.initial_reconnect_backoff_ms': backoffFirstMs,
  'grpc.max_reconnect_backoff_ms': 2000,
  'grpc.use_local_subchannel_pool': 1,
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
  private client: Client;
  private stream: ClientDuplexStream<Buffer, Buffer> | null = null;
  /** The loopback socket the peer offered for this stream's frames, or null when frames go on the stream. */
  private socket: Socket | null = null;
  /** True once the peer answered this stream's headers, until it breaks. */
  private up = false;
  /** False while the stream's write buffer is full; frames are dropped until it drains. */
  private writable = false;
  private backoffMs = backoffFirstMs;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: PeerLinkOptions) {
    this.client = newPeerClient(options.address);
    this.open();
  }

  writeFrame(frame: Uint8Array): boolean {
    if (!this.stream || !this.up || !this.writable) return false;
    if (this.socket) {
      // Byte-mode backpressure starts at 16 KiB, one busy turn's frame; drop only past a real backlog.
      this.socket.write(withLengthPrefix(frame));
      this.writable = this.socket.writableLength <= loopbackBacklogMax;
    } else this.writable = this.stream.write(Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength));
    return true;
  }

  /**
   * The peer just dialled us, so it is up: skip the rest of our backoff, or of gRPC's dialling backoff
   * when our stream is still waiting for the channel (on a fresh channel, which dials at once). Without
   * this, a restarted peer would miss our messages for up to the longest backoff.
   */
  reconnectNow(): void {
    if (this.closed || this.up) return;
    if (this.reconnectTimer) {
      clearTimeout(this.reconnectTimer);
      this.reconnectTimer = null;
      this.backoffMs = backoffFirstMs;
      this.open();
      return;
    }
    // Only a channel waiting out a failed dial is replaced: one that is connecting or connected will
    // carry the stream by itself, and replacing it would cancel the peer's half of a simultaneous start.
    const waiting = this.stream;
    const failed =
      this.client.getChannel().getConnectivityState(false) === connectivityState.TRANSIENT_FAILURE;
    if (!waiting || this.socket || !failed) return;
    this.stream = null;
    waiting.cancel();
    this.client.close();
    this.client = newPeerClient(this.options.address);
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.stream?.end();
    this.stream = null;
    this.socket?.end();
    this.socket = null;
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
    stream.on('metadata', (headers: Metadata) => {
      if (this.stream !== stream) return;
      const port = Number(headers.get(loopbackPortKey)[0]);
      const ticket = headers.get(loopbackTicketKey)[0];
      if (Number.isInteger(port) && port > 0 && typeof ticket === 'string') {
        this.openSocket(stream, port, ticket);
        return;
      }
      this.markUp();
    });
    stream.on('data', (frame: Buffer) => this.options.onFrame(frame));
    stream.on('drain', () => {
      if (!this.socket) this.writable = true;
    });
    stream.on('error', () => this.broken(stream));
    stream.on('end', () => this.broken(stream));
  }

  private markUp(): void {
    this.up = true;
    this.writable = true;
    this.backoffMs = backoffFirstMs;
  }

  /** Opens the offered loopback socket; its first frame is the ticket that ties it to `stream`. */
  private openSocket(stream: ClientDuplexStream<Buffer, Buffer>, port: number, ticket: string): void {
    const socket = connect({ port, host: '127.0.0.1', noDelay: true });
    this.socket = socket;
    socket.on('connect', () => {
      if (this.socket !== socket) return;
      socket.write(withLengthPrefix(Buffer.from(ticket, 'latin1')));
      this.markUp();
    });
    socket.on('drain', () => {
      if (this.socket === socket) this.writable = true;
    });
    socket.on('error', () => undefined); // 'close' follows
    socket.on('close', () => {
      if (this.socket !== socket) return;
      stream.cancel();
      this.broken(stream);
    });
  }

  private broken(stream: ClientDuplexStream<Buffer, Buffer>): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.socket?.destroy();
    this.socket = null;
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

function newPeerClient(address: string): Client {
  return new Client(address, credentials.createInsecure(), peerChannelOptions);
}
