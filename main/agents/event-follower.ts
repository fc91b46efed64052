/**
 * Follows one agent's WatchEvents stream for as long as the console watches it. When the stream ends
 * (the agent was killed, paused by signal, restarted) it reconnects with backoff and resumes after the
 * last seq it saw; an agent whose sequence went back (a new process) is followed from its start again.
 */
import type { ClientReadableStream } from '@grpc/grpc-js';
import type { ClusterEvent } from '../../app/model/cluster-event';
import { clusterEventFromWire } from '../../app/proto/event-codec';
import type { ClusterEventMessage } from '../../app/proto/generated/control';
import type { AgentClient } from './agent-client';

export interface EventFollowerOptions {
  onEvent: (event: ClusterEvent) => void;
  /** The agent numbers its events from 1 again: a new process the console did not restart itself. */
  onRestart: (nodeId: string) => void;
  retryMsMin?: number;
  retryMsMax?: number;
}

export class EventFollower {
  private lastSeq = 0;
  private stream: ClientReadableStream<ClusterEventMessage> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs: number;
  private stopped = false;
  /** Messages that failed validation (never ingested). */
  rejected = 0;

  constructor(
    private readonly client: AgentClient,
    private readonly options: EventFollowerOptions,
  ) {
    this.retryMs = options.retryMsMin ?? 100;
  }

  start(): void {
    void this.subscribe();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stream?.cancel();
    this.stream = null;
  }

  /** The console itself restarted the agent (and handles the restart): follow the new process from its first event. */
  restarted(): void {
    this.lastSeq = 0;
    this.stream?.cancel();
  }

  private async subscribe(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.noticeRestart();
    } catch {
      this.retryLater();
      return;
    }
    if (this.stopped) return;
    const stream = this.client.controlStub.watchEvents({ fromSeq: this.lastSeq }, this.client.metadata());
    this.stream = stream;
    stream.on('data', (message: ClusterEventMessage) => this.receive(message));
    stream.on('error', () => this.ended(stream));
    stream.on('end', () => this.ended(stream));
  }

  /** A new process starts its sequence again; without this the follower would wait for old numbers. */
  private async noticeRestart(): Promise<void> {
    const status = await this.client.control.status();
    if (status.lastEventSeq < this.lastSeq) {
      this.lastSeq = 0;
      this.options.onRestart(this.client.nodeId);
    }
  }

  private receive(message: ClusterEventMessage): void {
    let event: ClusterEvent;
    try {
      event = clusterEventFromWire(message);
    } catch {
      this.rejected += 1;
      return;
    }
    this.retryMs = this.options.retryMsMin ?? 100;
    this.lastSeq = event.seq;
    this.options.onEvent(event);
  }

  private ended(stream: ClientReadableStream<ClusterEventMessage>): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.subscribe();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMsMax ?? 2000);
  }
}
