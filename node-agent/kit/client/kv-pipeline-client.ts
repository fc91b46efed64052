/**
 * A client of KvService.Pipeline for one agent: many requests on one stream, each tagged with an id,
 * answered in any order. Requests made in one event-loop turn leave as one KvRequestBatch, so 64
 * requests in flight cost a few stream writes per turn instead of 64 unary calls with their own
 * headers and trailers at both ends. A failed request rejects with the same ServiceError shape a unary
 * call would (status code, details, paxoscope-* metadata), so kvFailureOf reads both alike.
 */
import { credentials, Metadata, status, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { KvOperation } from '../../../app/kv/operations';
import {
  KvServiceClient,
  type KvError,
  type KvReply,
  type KvReplyBatch,
  type KvRequest,
  type KvRequestBatch,
} from '../../../app/proto/generated/kv';
import { channelOptions } from '../grpc/channel-options';
import { replyFromWire, requestToWire, type ServedReply } from '../grpc/kv-wire';

interface Pending {
  resolve(reply: ServedReply): void;
  reject(error: ServiceError): void;
  expiresAtMs: number;
}

/** How often requests past their time are failed; their own deadlines are in the requests too. */
const expirySweepMs = 100;

export interface PipelinedKvClientOptions {
  /** Per request, unless a call gives its own. */
  timeoutMs: number;
  /** Sent when the stream opens (an agent forwarding marks its stream as forwarded). */
  metadata?: Metadata;
  /**
   * True (default): a stream opened while the agent is unreachable waits for it, within each request's
   * own time. False: it fails at once with UNAVAILABLE, like a unary call, so a caller can try the
   * key's next replica instead of waiting out its time on a dead one.
   */
  waitForReady?: boolean;
}

export interface PipelinedCallOptions {
  /** A write's request id ('' or absent: the agent makes one); gets carry none. */
  requestId?: string;
  /** When this client gives up on the answer (DEADLINE_EXCEEDED); the client's default when absent. */
  timeoutMs?: number;
  /** The wall-clock deadline sent with the request (0: none); now + timeoutMs when absent. */
  deadlineUnixMs?: number;
  /** Fails the request with CANCELLED when aborted (a paced limit the caller keeps itself). */
  signal?: AbortSignal;
}

export class PipelinedKvClient {
  private readonly client: KvServiceClient;
  private stream: ClientDuplexStream<KvRequestBatch, KvReplyBatch> | null = null;
  private readonly pending = new Map<number, Pending>();
  private outbox: KvRequest[] = [];
  private flushScheduled = false;
  private nextId = 1;
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    readonly address: string,
    private readonly options: PipelinedKvClientOptions,
  ) {
    this.client = new KvServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  call(operation: KvOperation, options: PipelinedCallOptions = {}): Promise<ServedReply> {
    if (this.closed) {
      return Promise.reject(serviceError(status.CANCELLED, 'the pipelined client was closed'));
    }
    const id = this.nextId++;
    const expiresAtMs = Date.now() + (options.timeoutMs ?? this.options.timeoutMs);
    const deadlineMs = options.deadlineUnixMs ?? expiresAtMs;
    const request = { requestId: options.requestId ?? '', operation, deadlineMs };
    this.outbox.push({ id, op: requestToWire(request) });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    this.sweepTimer ??= setInterval(() => this.expire(), expirySweepMs);
    const answer = new Promise<ServedReply>((resolve, reject) =>
      this.pending.set(id, { resolve, reject, expiresAtMs }),
    );
    options.signal?.addEventListener('abort', () => this.cancel(id), { once: true });
    return answer;
  }

  /** Fails what is in flight (CANCELLED) and closes the channel. */
  close(): void {
    this.closed = true;
    this.outbox = [];
    this.failAll(serviceError(status.CANCELLED, 'the pipelined client was closed'));
    this.stream?.end();
    this.stream = null;
    this.client.close();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.closed) return;
    const requests = this.outbox;
    this.outbox = [];
    if (requests.length > 0) this.open().write({ requests });
  }

  private open(): ClientDuplexStream<KvRequestBatch, KvReplyBatch> {
    if (this.stream) return this.stream;
    const metadata = this.options.metadata?.clone() ?? new Metadata();
    if (this.options.waitForReady ?? true) metadata.setOptions({ waitForReady: true });
    const stream = this.client.pipeline(metadata);
    this.stream = stream;
    stream.on('data', (batch: KvReplyBatch) => batch.replies.forEach((reply) => this.settle(reply)));
    stream.on('error', (error: ServiceError) => this.broken(stream, error));
    stream.on('end', () =>
      this.broken(stream, serviceError(status.UNAVAILABLE, `${this.address} ended the pipeline stream`)),
    );
    return stream;
  }

  private settle(reply: KvReply): void {
    const waiter = this.pending.get(reply.id);
    if (!waiter) return; // Already timed out.
    this.pending.delete(reply.id);
    const result = reply.result;
    if (result?.$case === 'error') waiter.reject(errorOf(result.value));
    else if (result) waiter.resolve(replyFromWire(result));
    else waiter.reject(serviceError(status.INTERNAL, `reply ${reply.id} carried no result`));
  }

  /** Every request on a broken stream fails; the next call opens a new one. */
  private broken(stream: ClientDuplexStream<KvRequestBatch, KvReplyBatch>, error: ServiceError): void {
    if (this.stream !== stream) return;
    this.stream = null;
    this.failAll(error);
  }

  private failAll(error: ServiceError): void {
    const waiters = [...this.pending.values()];
    this.pending.clear();
    waiters.forEach((waiter) => waiter.reject(error));
    this.stopSweep();
  }

  private cancel(id: number): void {
    const waiter = this.pending.get(id);
    if (!waiter) return;
    this.pending.delete(id);
    waiter.reject(serviceError(status.CANCELLED, 'Cancelled on client'));
  }

  private expire(): void {
    const nowMs = Date.now();
    for (const [id, waiter] of this.pending) {
      if (waiter.expiresAtMs > nowMs) continue;
      this.pending.delete(id);
      waiter.reject(serviceError(status.DEADLINE_EXCEEDED, 'Deadline exceeded (pipelined request)'));
    }
    if (this.pending.size === 0 && this.outbox.length === 0) this.stopSweep();
  }

  private stopSweep(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }
}

function serviceError(code: status, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

function errorOf(error: KvError): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(error.metadata)) metadata.set(key, value);
  return serviceError(error.code as status, error.details, metadata);
}
