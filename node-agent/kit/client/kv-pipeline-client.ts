/**
 * A client of KvService.Pipeline for one agent: many requests on one stream, each tagged with an id,
 * answered in any order. Requests made in one event-loop turn leave as one KvRequestBatch, so 64
 * requests in flight cost a few stream writes per turn instead of 64 unary calls with their own
 * headers and trailers at both ends. A failed request rejects with the same ServiceError shape a unary
 * call would (status code, details, paxoscope-* metadata), so kvFailureOf reads both alike; so do its
 * deadline (as precise as a unary call's), its cancellation and its wait for an
 * agent that is not reachable yet. A broken stream fails what is in flight on it, and the next request
 * opens a new one. A server without Pipeline (a simulated node, an older agent) refuses the stream
 * with UNIMPLEMENTED: that error is kept as `refusal`, before the server saw any request, so a caller
 * can send the same requests as unary calls (agent-kv.ts does).
 */
import {
  credentials,
  Metadata,
  status,
  type ClientDuplexStream,
  type ServiceError,
  connectivityState,
} from '@grpc/grpc-js';
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
import { replyFromWire, requestToWire, type ServedReply, type WireRequest } from '../grpc/kv-wire';

interface Pending {
  resolve(reply: ServedReply): void;
  reject(error: ServiceError): void;
  expiresAtMs: number;
  timeoutMs: number;
  /** The caller's abort signal and this request's listener on it, when it gave one. */
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * A request batch is cut here (by its values' and keys' bytes), well below the channel's message
 * limit: a few large values in one turn then travel as several messages instead of failing the stream
 * and everything on it.
 */
export const requestBatchBytesMax = 4 * 1024 * 1024;

export interface PipelinedKvClientOptions {
  /** Per request, unless a call gives its own. */
  timeoutMs: number;
  /** Sent when the stream opens (an agent forwarding marks its stream as forwarded). */
  metadata?: Metadata;
  /**
   * True (default): a stream opened while the agent is unreachable waits for it, within each request's
   * own time. False: it fails at once with UNAVAILABLE, like a unary call, so a caller can try the
   * key's next replica instead of waiting out its time on a dead one; a request may still ask to wait.
   */
  waitForReady?: boolean;
  /** The stub to use (its channel is shared with the caller's unary calls); a new one when absent. */
  stub?: KvServiceClient;
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
  /**
   * Waits (within the request's time) for an agent that is not reachable yet, as a unary call's
   * waitForReady does; only needed when the client itself does not wait.
   */
  waitForReady?: boolean;
}

export class PipelinedKvClient {
  private readonly client: KvServiceClient;
  private readonly ownsStub: boolean;
  private stream: ClientDuplexStream<KvRequestBatch, KvReplyBatch> | null = null;
  private readonly pending = new Map<number, Pending>();
  private outbox: KvRequest[] = [];
  private outboxBytes = 0;
  private flushScheduled = false;
  private nextId = 1;
  private closed = false;
  private refused: ServiceError | null = null;
  /**
   * One timer for every request's deadline, armed for the earliest: a timer per request cost the
   * client about a sixth more CPU per request. It fires on time, then re-arms for the next.
   */
  private expiryTimer: NodeJS.Timeout | null = null;
  private expiryArmedAtMs = Infinity;

  constructor(
    readonly address: string,
    private readonly options: PipelinedKvClientOptions,
  ) {
    this.ownsStub = options.stub === undefined;
    this.client = options.stub ?? new KvServiceClient(address, credentials.createInsecure(), channelOptions);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** The UNIMPLEMENTED the agent refused the stream with (it serves no Pipeline), or null. */
  get refusal(): ServiceError | null {
    return this.refused;
  }

  call(operation: KvOperation, options: PipelinedCallOptions = {}): Promise<ServedReply> {
    if (this.refused) return Promise.reject(this.refused);
    if (this.closed) {
      return Promise.reject(serviceError(status.CANCELLED, 'the pipelined client was closed'));
    }
    if (options.signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const expiresAtMs = Date.now() + timeoutMs;
    const deadlineMs = options.deadlineUnixMs ?? expiresAtMs;
    const op = requestToWire({ requestId: options.requestId ?? '', operation, deadlineMs });
    const answer = new Promise<ServedReply>((resolve, reject) => {
      const waiter: Pending = { resolve, reject, expiresAtMs, timeoutMs };
      const { signal } = options;
      if (signal) {
        waiter.signal = signal;
        waiter.onAbort = () => this.fail(id, cancelled());
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.pending.set(id, waiter);
    });
    if (expiresAtMs < this.expiryArmedAtMs) this.armExpiry(expiresAtMs);
    if (options.waitForReady && !(this.options.waitForReady ?? true) && !this.channelReady()) {
      this.client.waitForReady(expiresAtMs, (error) => {
        if (!this.pending.has(id)) return;
        if (error) this.fail(id, serviceError(status.DEADLINE_EXCEEDED, error.message));
        else this.enqueue(id, op);
      });
    } else {
      this.enqueue(id, op);
    }
    return answer;
  }

  /** Fails what is in flight (CANCELLED) and closes the channel. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.outbox = [];
    this.failAll(serviceError(status.CANCELLED, 'the pipelined client was closed'));
    this.stream?.end();
    this.stream = null;
    if (this.ownsStub) this.client.close();
  }

  private channelReady(): boolean {
    return this.client.getChannel().getConnectivityState(true) === connectivityState.READY;
  }

  private enqueue(id: number, op: WireRequest): void {
    const bytes = wireBytes(op);
    if (this.outbox.length > 0 && this.outboxBytes + bytes > requestBatchBytesMax) this.flush();
    this.outbox.push({ id, op });
    this.outboxBytes += bytes;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const requests = this.outbox;
    this.outbox = [];
    this.outboxBytes = 0;
    if (this.closed || requests.length === 0) return;
    // A request failed meanwhile (timed out, cancelled) is not sent: nobody waits for its answer.
    const live = requests.filter((request) => this.pending.has(request.id));
    if (live.length > 0) this.open().write({ requests: live });
  }

  private open(): ClientDuplexStream<KvRequestBatch, KvReplyBatch> {
    if (this.stream) return this.stream;
    const metadata = this.options.metadata?.clone() ?? new Metadata();
    if (this.options.waitForReady ?? true) metadata.setOptions({ waitForReady: true });
    const stream = this.client.pipeline(metadata);
    this.stream = stream;
    stream.on('data', (batch: KvReplyBatch) => batch.replies.forEach((reply) => this.settle(reply)));
    stream.on('error', (error: ServiceError) => this.broken(stream, error));
    stream.on('end', () => this.broken(stream, serviceError(status.OK, 'the agent ended it')));
    return stream;
  }

  private settle(reply: KvReply): void {
    const waiter = this.take(reply.id);
    if (!waiter) return; // Already timed out or cancelled: its caller has its answer.
    const result = reply.result;
    if (result?.$case === 'error') waiter.reject(errorOf(result.value));
    else if (result) waiter.resolve(replyFromWire(result));
    else waiter.reject(serviceError(status.INTERNAL, `reply ${reply.id} carried no result`));
  }

  /**
   * Every request on a broken stream fails as UNAVAILABLE, naming the stream's own status (a killed
   * agent's stream ends CANCELLED, say, which a caller would take for its own cancel): like a unary
   * call on a dropped connection, it may or may not have been applied, and the next replica is worth
   * trying. The next request opens a new stream. An UNIMPLEMENTED stream is a refusal for good: the
   * agent serves no Pipeline, and read none of the requests.
   */
  private broken(stream: ClientDuplexStream<KvRequestBatch, KvReplyBatch>, error: ServiceError): void {
    if (this.stream !== stream) return;
    this.stream = null;
    if (error.code === status.UNIMPLEMENTED) {
      this.refused = error;
      this.failAll(error);
      return;
    }
    const cause = `${status[error.code] ?? error.code}: ${error.details}`;
    this.failAll(serviceError(status.UNAVAILABLE, `the pipeline stream to ${this.address} broke (${cause})`));
  }

  private failAll(error: ServiceError): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }

  private fail(id: number, error: ServiceError): void {
    this.take(id)?.reject(error);
  }

  private take(id: number): Pending | undefined {
    const waiter = this.pending.get(id);
    if (!waiter) return undefined;
    this.pending.delete(id);
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
    if (this.pending.size === 0) this.disarmExpiry();
    return waiter;
  }

  private armExpiry(atMs: number): void {
    this.disarmExpiry();
    this.expiryArmedAtMs = atMs;
    this.expiryTimer = setTimeout(() => this.expire(), Math.max(0, atMs - Date.now()));
  }

  private disarmExpiry(): void {
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.expiryTimer = null;
    this.expiryArmedAtMs = Infinity;
  }

  /** Fails every request past its time, then arms the timer for the earliest one left. */
  private expire(): void {
    this.expiryTimer = null;
    this.expiryArmedAtMs = Infinity;
    const nowMs = Date.now();
    let earliestMs = Infinity;
    for (const [id, waiter] of this.pending) {
      if (waiter.expiresAtMs <= nowMs) {
        const details = `Deadline exceeded after ${waiter.timeoutMs} ms`;
        this.fail(id, serviceError(status.DEADLINE_EXCEEDED, details));
      } else {
        earliestMs = Math.min(earliestMs, waiter.expiresAtMs);
      }
    }
    if (this.pending.size > 0 && earliestMs < Infinity) this.armExpiry(earliestMs);
  }
}

/** Roughly what a request adds to its batch: its key, value and request id, plus a little framing. */
function wireBytes(op: WireRequest): number {
  const value = op.$case === 'put' || op.$case === 'compareAndSet' ? op.value.value.length : 0;
  const requestId = op.$case === 'get' ? 0 : op.value.requestId.length;
  return op.value.key.length + value + requestId + 32;
}

function cancelled(): ServiceError {
  return serviceError(status.CANCELLED, 'Cancelled on client');
}

function serviceError(code: status, details: string, metadata = new Metadata()): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

function errorOf(error: KvError): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(error.metadata)) metadata.set(key, value);
  return serviceError(error.code as status, error.details, metadata);
}
