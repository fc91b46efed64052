/**
 * The send path from the agent loop to the peers. The loop only sees the PeerSender interface, so the
 * fault gate (partitions, delay, drop, hold) can later wrap the batching sender without the loop or the
 * streams knowing. Frames are written with the cluster's protocol's codec: PaxosKV's own messages, or
 * another protocol's generic envelope.
 */
import type { NodeId } from '../../../app/paxos/types';
import type { AnyMessage } from '../../../app/protocol/registry';
import { paxosFrameCodec, type PeerFrameCodec } from '../../../app/proto/codec';

export interface PeerSender {
  /** Takes messages released by the loop; delivery is best effort (Paxos retries what is lost). */
  send(messages: readonly AnyMessage[]): void;
}

/** One outbound stream to one peer. */
export interface PeerLinkWriter {
  /** Writes one encoded frame; false when the link is down and the frame was dropped. */
  writeFrame(frame: Uint8Array, messageCount: number): boolean;
}

export interface SenderStats {
  framesSent: number;
  messagesSent: number;
  /** Messages dropped because the peer's stream was down or the peer is not in the topology. */
  messagesDropped: number;
}

/**
 * Collects everything released in one event-loop turn and sends it as one frame per peer, so a burst
 * of Readies (group commit releases many at once) costs one stream write per peer.
 */
export class BatchingPeerSender implements PeerSender {
  readonly stats: SenderStats = { framesSent: 0, messagesSent: 0, messagesDropped: 0 };
  private readonly outbox = new Map<NodeId, AnyMessage[]>();
  private flushScheduled = false;

  constructor(
    private readonly self: NodeId,
    private readonly links: ReadonlyMap<NodeId, PeerLinkWriter>,
    /** Told about messages lost because their peer's stream was down (for messageDropped events). */
    private readonly onPeerDown: (messages: readonly AnyMessage[]) => void = () => undefined,
    /** How frames are written: the cluster's protocol's codec. */
    private readonly codec: PeerFrameCodec<AnyMessage> = paxosFrameCodec,
  ) {}

  send(messages: readonly AnyMessage[]): void {
    for (const message of messages) {
      const queued = this.outbox.get(message.to);
      if (queued) queued.push(message);
      else this.outbox.set(message.to, [message]);
    }
    if (!this.flushScheduled && this.outbox.size > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is queued now (also used at shutdown, before the links close). */
  flush(): void {
    this.flushScheduled = false;
    for (const [peer, messages] of this.outbox) {
      const link = this.links.get(peer);
      if (link?.writeFrame(this.codec.encode(this.self, messages), messages.length)) {
        this.stats.framesSent += 1;
        this.stats.messagesSent += messages.length;
      } else {
        this.stats.messagesDropped += messages.length;
        this.onPeerDown(messages);
      }
    }
    this.outbox.clear();
  }
}
