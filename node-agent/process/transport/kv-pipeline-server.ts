/**
 * KvService.Pipeline on one agent: many requests on one stream, each handled exactly like its unary
 * twin (kv-handle.ts), answered in whatever order they finish. The answers released in one event-loop
 * turn go out as one KvReplyBatch: with 64 requests in flight, one stream write instead of 64 unary
 * responses, each with its own headers and trailers.
 */
import { status, type ServerDuplexStream, type StatusObject } from '@grpc/grpc-js';
import type {
  KvError,
  KvReply,
  KvReplyBatch,
  KvRequest,
  KvRequestBatch,
} from '../../../app/proto/generated/kv';
import type { KvOperation } from '../../kit/client/kv-client';
import {
  CallFailed,
  callerDeadline,
  forwardedByKey,
  getResponseOf,
  handleKvRequest,
  internalError,
  requestIdOf,
  writeResponseOf,
  type KvServiceOptions,
} from './kv-handle';
import { statusOfReply } from '../../kit/grpc/kv-failure';

type Call = ServerDuplexStream<KvRequestBatch, KvReplyBatch>;

export function servePipeline(options: KvServiceOptions, call: Call): void {
  const forwarded = call.metadata.get(forwardedByKey).length > 0;
  const outbox = new ReplyOutbox(call);
  let inFlight = 0;
  let clientDone = false;
  const finishIfDone = () => {
    if (clientDone && inFlight === 0) outbox.end();
  };
  call.on('data', (batch: KvRequestBatch) => {
    for (const request of batch.requests) {
      inFlight += 1;
      answer(options, request, forwarded, call.getDeadline()).then(
        (reply) => {
          inFlight -= 1;
          outbox.push(reply);
          finishIfDone();
        },
        (error: unknown) => {
          inFlight -= 1;
          outbox.push(errorReply(request.id, internalError(error as Error)));
          finishIfDone();
        },
      );
    }
  });
  call.on('end', () => {
    clientDone = true;
    finishIfDone();
  });
  call.on('cancelled', () => outbox.close());
  call.on('error', () => outbox.close());
}

/** One request of a batch, as the reply it ends with (a failure is a reply too, never a throw). */
async function answer(
  options: KvServiceOptions,
  request: KvRequest,
  forwarded: boolean,
  streamDeadline: Date | number,
): Promise<KvReply> {
  const operation = operationOf(options, request);
  if (operation === null) {
    return errorReply(request.id, {
      code: status.INVALID_ARGUMENT,
      details: 'op: no operation is set (missing, or unknown to this version)',
    });
  }
  const deadlineUnixMs = request.op?.value.deadlineUnixMs ?? 0;
  try {
    const outcome = await handleKvRequest(
      options,
      operation,
      forwarded,
      callerDeadline(deadlineUnixMs, streamDeadline),
    );
    if ('forwarded' in outcome) {
      return operation.kind === 'get'
        ? {
            id: request.id,
            result: { $case: 'get', value: outcome.forwarded as ReturnType<typeof getResponseOf> },
          }
        : {
            id: request.id,
            result: { $case: 'write', value: outcome.forwarded as ReturnType<typeof writeResponseOf> },
          };
    }
    const { reply } = outcome;
    if (!reply.ok) return errorReply(request.id, statusOfReply(reply));
    return operation.kind === 'get'
      ? { id: request.id, result: { $case: 'get', value: getResponseOf(options.self, reply) } }
      : { id: request.id, result: { $case: 'write', value: writeResponseOf(options.self, reply) } };
  } catch (error) {
    return errorReply(request.id, error instanceof CallFailed ? error.status : internalError(error as Error));
  }
}

function operationOf(options: KvServiceOptions, request: KvRequest): KvOperation | null {
  const op = request.op;
  switch (op?.$case) {
    case undefined:
      return null;
    case 'get':
      return { kind: 'get', key: op.value.key };
    case 'put':
      return {
        kind: 'put',
        key: op.value.key,
        value: op.value.value,
        requestId: requestIdOf(options.self, op.value.requestId),
      };
    case 'delete':
      return { kind: 'delete', key: op.value.key, requestId: requestIdOf(options.self, op.value.requestId) };
    case 'compareAndSet':
      return {
        kind: 'cas',
        key: op.value.key,
        value: op.value.value,
        expectedVersion: op.value.expectedVersion,
        requestId: requestIdOf(options.self, op.value.requestId),
      };
  }
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

/** Replies finished in one event-loop turn leave as one batch. */
class ReplyOutbox {
  private queued: KvReply[] = [];
  private flushScheduled = false;
  private closed = false;
  private endWhenFlushed = false;

  constructor(private readonly call: Call) {}

  push(reply: KvReply): void {
    if (this.closed) return;
    this.queued.push(reply);
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
    const replies = this.queued;
    this.queued = [];
    if (replies.length > 0) this.call.write({ replies });
    if (this.endWhenFlushed) this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.call.end();
  }
}
