/**
 * A KvService on 127.0.0.1 whose answers a test scripts, over real gRPC: every request it reads is
 * noted (with how it came: unary or on the Pipeline stream), and `answer` says what becomes of it.
 * With `pipeline: 'refuse'` it refuses the stream with UNIMPLEMENTED, as a simulated node does.
 */
import { Server, ServerCredentials, status, type ServerDuplexStream } from '@grpc/grpc-js';
import { KvServiceService, type KvReplyBatch, type KvRequestBatch } from '../../app/proto/generated/kv';
import {
  replyToWire,
  requestFromWire,
  type WireRequest,
  type WireResponse,
} from '../../node-agent/kit/grpc/kv-wire';
import { kvHandlerTable } from '../../node-agent/process/transport/kv-handler-table';

export interface SeenRequest {
  via: 'unary' | 'pipeline';
  op: WireRequest;
}

/** A response, or null: never answered. */
export type ScriptedAnswer = (op: WireRequest) => WireResponse | null;

/** Answers every request as version 1 at index 1, served by n0. */
export const answerOk: ScriptedAnswer = (op) =>
  replyToWire(
    requestFromWire(op).operation.kind,
    {
      requestId: op.$case === 'get' ? '' : op.value.requestId,
      ok: true,
      version: 1,
      value: null,
      index: 1,
      path: 'fast',
    },
    'n0',
  );

export const neverAnswer: ScriptedAnswer = () => null;

export interface ScriptedKvServer {
  address: string;
  seen: SeenRequest[];
  /** Request messages read on Pipeline streams so far. */
  readonly batches: number;
  /** Resolves at the next request the server reads. */
  nextRequest(): Promise<SeenRequest>;
  stop(): void;
}

export async function startScriptedKvServer(
  answer: ScriptedAnswer,
  options: { pipeline: 'serve' | 'refuse'; port?: number },
): Promise<ScriptedKvServer> {
  const seen: SeenRequest[] = [];
  let batches = 0;
  let waiters: ((request: SeenRequest) => void)[] = [];
  const note = (request: SeenRequest) => {
    seen.push(request);
    const woken = waiters;
    waiters = [];
    woken.forEach((wake) => wake(request));
  };
  const pipeline = (call: ServerDuplexStream<KvRequestBatch, KvReplyBatch>) => {
    if (options.pipeline === 'refuse') {
      call.emit('error', { code: status.UNIMPLEMENTED, details: 'this server serves no Pipeline' });
      return;
    }
    call.on('data', (batch: KvRequestBatch) => {
      batches += 1;
      for (const { id, op } of batch.requests) {
        note({ via: 'pipeline', op: op! });
        const response = answer(op!);
        if (response) call.write({ replies: [{ id, result: response }] });
      }
    });
  };
  const server = new Server();
  server.addService(
    KvServiceService,
    kvHandlerTable((op, _call, callback) => {
      note({ via: 'unary', op });
      const response = answer(op);
      if (response) callback(null, response.value);
    }, pipeline),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    seen,
    get batches() {
      return batches;
    },
    nextRequest: () => new Promise((resolve) => waiters.push(resolve)),
    stop: () => server.forceShutdown(),
  };
}
