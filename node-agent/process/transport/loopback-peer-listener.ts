/**
 * The receiving end of loopback peer sockets. A peer on this machine opens its PeerService stream as
 * before (the cluster token is checked there); the stream's headers then carry this listener's port
 * and a one-time ticket, and the peer writes its frames on a plain TCP socket to 127.0.0.1 that opens
 * with the ticket. The gRPC stream stays open beside it and says whether the link is up: when either
 * ends, both do. Every frame that arrives is decoded and checked by the same receiver as a gRPC frame.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { messageBytesMax } from '../../kit/grpc/channel-options';
import { LengthPrefixedReader } from './length-prefixed';

/** Header names of the stream's response headers that offer the socket. */
export const loopbackPortKey = 'paxoscope-loopback-port';
export const loopbackTicketKey = 'paxoscope-loopback-ticket';

/** A ticket is 16 random bytes in hex; the socket's first frame must be exactly one issued ticket. */
const ticketBytes = 16;

export interface LoopbackStream {
  /** Handles one frame; throws to refuse it (the socket and the stream are then closed). */
  onFrame(frame: Buffer): void;
  /** Ends the gRPC stream the socket belongs to, because the socket broke or sent a refused frame. */
  fail(error: unknown): void;
}

export class LoopbackPeerListener {
  private readonly server: Server;
  private readonly tickets = new Map<string, LoopbackStream>();
  private readonly sockets = new Set<Socket>();
  /** The socket each stream's ticket opened. */
  private readonly bound = new Map<LoopbackStream, Socket>();

  constructor() {
    this.server = createServer((socket) => this.accept(socket));
    this.server.on('error', () => undefined); // without a port the links simply stay on gRPC
    this.server.listen(0, '127.0.0.1');
    // Only the agent's gRPC server keeps the process alive.
    this.server.unref();
  }

  /** The port to offer, or null while the listener is not (or could not be) bound. */
  get port(): number | null {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address.port : null;
  }

  /**
   * A ticket for one accepted stream. `end` when the stream ends: the ticket can no longer be used and
   * the socket it opened, if any, closes with the stream.
   */
  issue(stream: LoopbackStream): { ticket: string; end(): void } {
    const ticket = randomBytes(ticketBytes).toString('hex');
    this.tickets.set(ticket, stream);
    const end = () => {
      this.tickets.delete(ticket);
      this.bound.get(stream)?.destroy();
      this.bound.delete(stream);
    };
    return { ticket, end };
  }

  close(): void {
    this.tickets.clear();
    this.bound.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    this.server.close();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let stream: LoopbackStream | null = null;
    const reader = new LengthPrefixedReader(messageBytesMax, (frame) => {
      if (stream) {
        stream.onFrame(frame);
        return;
      }
      const ticket = frame.toString('latin1');
      stream = this.tickets.get(ticket) ?? null;
      if (!stream) throw new Error('the socket did not open with a ticket this agent issued');
      this.tickets.delete(ticket);
      this.bound.set(stream, socket);
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        stream?.fail(error);
        socket.destroy();
      }
    });
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (stream && this.bound.get(stream) === socket) {
        this.bound.delete(stream);
        stream.fail(new Error('the loopback socket closed'));
      }
    });
    socket.on('error', () => undefined); // 'close' follows
  }
}
