/**
 * The receiving side of PeerService: frames from any inbound stream (or from the response side of an
 * outbound one) are decoded, checked against the topology and handed to the loop message by message.
 * A frame that cannot be decoded, or that claims a sender outside the topology, ends its stream with
 * INVALID_ARGUMENT or PERMISSION_DENIED naming the field; a single bad message inside a good frame is
 * dropped. Both are counted and logged, and neither touches the core's state. A stream from this
 * machine is offered a loopback socket for its frames (loopback-peer-listener.ts); frames arriving
 * there go through the same receiver.
 */
import { Metadata, status, type ServerDuplexStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { NodeId } from '../../../app/paxos/types';
import type { AnyMessage } from '../../../app/protocol/registry';
import { paxosFrameCodec, type DecodedPeerFrame, type PeerFrameCodec } from '../../../app/proto/codec';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import { FieldError, type FieldProblem } from '../../../app/util/field-error';
import { LoopbackPeerListener, loopbackPortKey, loopbackTicketKey } from './loopback-peer-listener';
import { peerFromKey } from './peer-link';

export interface ReceiverStats {
  framesReceived: number;
  messagesReceived: number;
  framesRejected: number;
  messagesRejected: number;
}

/** A whole frame refused; `code` is the status its stream ends with. */
export class FrameRejected extends FieldError {
  override name = 'FrameRejected';

  constructor(
    readonly code: status,
    problem: FieldProblem,
  ) {
    super(problem.field, problem.reason, problem.limit);
  }
}

export class PeerFrameReceiver {
  readonly stats: ReceiverStats = {
    framesReceived: 0,
    messagesReceived: 0,
    framesRejected: 0,
    messagesRejected: 0,
  };

  constructor(
    private readonly self: NodeId,
    /** Every node of the topology but this one. */
    private readonly peers: ReadonlySet<NodeId>,
    private readonly deliver: (message: AnyMessage) => void,
    private readonly log: (line: string) => void,
    /** How frames are read: the cluster's protocol's codec, which refuses another protocol's messages. */
    private readonly codec: PeerFrameCodec<AnyMessage> = paxosFrameCodec,
  ) {}

  /** Decodes and delivers one frame; throws FrameRejected when the whole frame is refused. */
  receive(bytes: Buffer): void {
    const frame = this.decode(bytes);
    this.stats.framesReceived += 1;
    for (const rejected of frame.rejected) this.rejectMessage(frame.from, rejected.message);
    for (const message of frame.messages) {
      if (message.to !== this.self) {
        this.rejectMessage(frame.from, `to: "${message.to}" is not this node (${this.self})`);
        continue;
      }
      this.stats.messagesReceived += 1;
      this.deliver(message);
    }
  }

  private decode(bytes: Buffer): DecodedPeerFrame<AnyMessage> {
    let frame: DecodedPeerFrame<AnyMessage>;
    try {
      frame = this.codec.decode(bytes);
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      throw this.rejectFrame(new FrameRejected(status.INVALID_ARGUMENT, error));
    }
    if (!this.peers.has(frame.from)) {
      const reason = `"${frame.from}" is not a peer in the topology`;
      throw this.rejectFrame(new FrameRejected(status.PERMISSION_DENIED, { field: 'frame.from', reason }));
    }
    return frame;
  }

  private rejectFrame(rejection: FrameRejected): FrameRejected {
    this.stats.framesRejected += 1;
    this.log(`peer frame rejected (${this.stats.framesRejected} so far): ${rejection.message}`);
    return rejection;
  }

  private rejectMessage(from: NodeId, reason: string): void {
    this.stats.messagesRejected += 1;
    this.log(`peer message from ${from} dropped (${this.stats.messagesRejected} so far): ${reason}`);
  }
}

/** Whether the dialler is on this machine (grpc-js names it `host:port`, IPv6 hosts possibly bracketed). */
function isLoopbackPeer(peer: string): boolean {
  return /^(ipv4:)?127\.|^(ipv6:)?\[?(::1|::ffff:127\.)/.test(peer);
}

/** The PeerService implementation over a receiver; it remembers open streams so shutdown can end them. */
export class PeerService {
  private readonly open = new Set<ServerDuplexStream<Buffer, Buffer>>();
  private readonly loopback = new LoopbackPeerListener();

  constructor(
    private readonly receiver: PeerFrameReceiver,
    /** Told which node dialled (from call metadata; only a hint, frames are still checked one by one). */
    private readonly onPeerDialled: (nodeId: NodeId) => void,
    /** Why a stream may not open (a missing or wrong cluster token), or null when it may. */
    private readonly refusal: (metadata: Metadata) => { code: status; details: string } | null = () => null,
  ) {}

  get handlers(): UntypedServiceImplementation {
    return { connect: (call: ServerDuplexStream<Buffer, Buffer>) => this.connect(call) };
  }

  /** Ends every inbound stream with OK, so peers see a clean close rather than a reset. */
  closeStreams(): void {
    for (const call of this.open) call.end();
    this.open.clear();
    this.loopback.close();
  }

  private connect(call: ServerDuplexStream<Buffer, Buffer>): void {
    const refused = this.refusal(call.metadata);
    if (refused) {
      call.emit('error', refused);
      return;
    }
    this.open.add(call);
    const dialler = call.metadata.get(peerFromKey)[0];
    if (typeof dialler === 'string') this.onPeerDialled(dialler);
    // Headers at once tell the dialling side its link is up (see PeerLink), and offer a loopback socket.
    const headers = new Metadata();
    const port = this.loopback.port;
    let endLoopback: () => void = () => undefined;
    if (port !== null && isLoopbackPeer(call.getPeer())) {
      const issued = this.loopback.issue({
        onFrame: (bytes) => this.receiver.receive(bytes),
        fail: (error) => this.fail(call, error),
      });
      headers.set(loopbackPortKey, String(port));
      headers.set(loopbackTicketKey, issued.ticket);
      endLoopback = issued.end;
    }
    call.sendMetadata(headers);
    call.on('data', (bytes: Buffer) => {
      try {
        this.receiver.receive(bytes);
      } catch (error) {
        if (!(error instanceof FrameRejected)) throw error;
        this.fail(call, error);
      }
    });
    call.on('end', () => {
      endLoopback();
      this.open.delete(call);
      call.end();
    });
    call.on('cancelled', () => {
      endLoopback();
      this.open.delete(call);
    });
    call.on('error', () => endLoopback());
  }

  /** Ends one stream with an error: a refused frame's code, or UNAVAILABLE when its socket broke. */
  private fail(call: ServerDuplexStream<Buffer, Buffer>, error: unknown): void {
    if (!this.open.delete(call)) return;
    if (error instanceof FrameRejected) call.emit('error', { code: error.code, details: error.message });
    else call.emit('error', { code: status.UNAVAILABLE, details: (error as Error).message });
  }
}
