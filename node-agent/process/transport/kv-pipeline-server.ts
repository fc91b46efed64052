/**
 * KvService.Pipeline on one agent: many requests on one stream, each handled exactly like its unary
 * twin (kv-handle.ts), answered in whatever order they finish. The answers released in one event-loop
 * turn go out as one KvReplyBatch: with 64 requests in flight, one stream write instead of 64 unary
 * responses, each with its own headers and trailers.
 */
import { status, type ServerDuplexStream, type StatusObject } from '@grpc/grpc-js';
import type { KvError, KvReply, KvReplyBatch, KvRequestBatch } from '../../../app/proto/generated/kv';
import { answerWire, isForwarded, type KvServiceOptions } from './kv-handle';

type Call = ServerDuplexStream<KvRequestBatch, KvReplyBatch>;

export function servePipeline(options: KvServiceOptions, call: Call): void {
  const forwarded = isForwarded(call.metadata);
  const outbox = new ReplyOutbox(call);
  let inFlight = 0;
  let clientDone = false;
  const finishIfDone = () => {
    if (clientDone && inFlight === 0) outbox.end();
  };
  call.on('data', (batch: KvRequestBatch) => {
    for (const request of batch.requests) {
      inFlight += 1;
      const { id } = request;
      // A failure is a reply too: answerWire never rejects.
      void answerWire(options, request.op, forwarded, call.getDeadline()).then((answer) => {
        inFlight -= 1;
        outbox.push(answer.$case === 'failed' ? errorReply(id, answer.status) : { id, result: answer });
        finishIfDone();
      });
    }
  });
  call.on('end', () => {
    clientDone = true;
    finishIfDone();
  });
  call.on('cancelled', () => outbox.close());
  call.on('error', () => outbox.close());
}

/** The status a unary call would have ended with, as a reply on the stream. */
function errorReply(id: number, failure: Partial<StatusObject>): KvReply {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(failure.metadata?.getMap() ?? {})) {
    metadata[key] = typeof value === 'string' ? value : value.toString('utf8');
  }
  const error: KvError = { code: failure.code ?? status.UNKNOWN, details: failure.details ?? '', metadata };
  return { id, result: { $case: 'error', value: error } };
}

/**
 * A reply batch is cut here (by its values' bytes), well below the channel's message limit: a few
 * large values read in one turn then travel as several messages instead of failing the stream.
 */
export const replyBatchBytesMax = 4 * 1024 * 1024;

/** Roughly what a reply adds to its batch: a get's value, plus a little framing. */
function replyBytes(reply: KvReply): number {
  return (reply.result?.$case === 'get' ? reply.result.value.value.length : 0) + 64;
}

/** Replies finished in one event-loop turn leave as one batch (or a few, when their values are large). */
class ReplyOutbox {
  private queued: KvReply[] = [];
  private queuedBytes = 0;
  private flushScheduled = false;
  private closed = false;
  private endWhenFlushed = false;

  constructor(private readonly call: Call) {}

  push(reply: KvReply): void {
    if (this.closed) return;
    const bytes = replyBytes(reply);
    if (this.queued.length > 0 && this.queuedBytes + bytes > replyBatchBytesMax) this.write();
    this.queued.push(reply);
    this.queuedBytes += bytes;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Ends the stream once what is queued has been written. */
  end(): void {
    if (this.flushScheduled) this.endWhenFlushed = true;
    else this.finish();
  }

  close(): void {
    this.closed = true;
    this.queued = [];
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    this.write();
    if (this.endWhenFlushed) this.finish();
  }

  private write(): void {
    const replies = this.queued;
    this.queued = [];
    this.queuedBytes = 0;
    if (replies.length > 0) this.call.write({ replies });
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.call.end();
  }
}
