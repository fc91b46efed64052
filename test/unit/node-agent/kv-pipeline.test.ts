import { Server, ServerCredentials } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTopology } from '../../../app/model/topology';
import type { ClientReply, ClientRequest } from '../../../app/kv/operations';
import type { AnyInput } from '../../../app/protocol/registry';
import { KvServiceService } from '../../../app/proto/generated/kv';
import { ClusterKvClient } from '../../../node-agent/kit/client/kv-client';
import { PipelinedKvClient } from '../../../node-agent/kit/client/kv-pipeline-client';
import { ClientRequests } from '../../../node-agent/process/runtime/client-requests';
import { kvServiceHandlers } from '../../../node-agent/process/transport/kv-server';
import { isServiceError, kvFailureOf } from '../../../node-agent/kit/grpc/kv-failure';

/** A stand-in core: answers each request on a later turn, the way the agent loop does. */
function answer(request: ClientRequest): ClientReply | null {
  const { operation, requestId } = request;
  if (operation.key === 'silent') return null;
  if (operation.key === '') {
    return {
      requestId,
      ok: false,
      code: 'INVALID_ARGUMENT',
      message: 'key: empty',
      field: 'key',
      definite: true,
    };
  }
  const value = operation.kind === 'get' ? new TextEncoder().encode(`v-${operation.key}`) : null;
  return {
    requestId,
    ok: true,
    version: 3,
    value,
    index: 7,
    path: operation.kind === 'get' ? 'local' : 'fast',
  };
}

const started: { server: Server; clients: PipelinedKvClient[] }[] = [];

async function startServer(): Promise<{ address: string; batches: number[] }> {
  const batches: number[] = [];
  let submittedThisTurn = 0;
  const requests: ClientRequests = new ClientRequests((input: AnyInput) => {
    if (input.kind !== 'client') return true;
    if (submittedThisTurn === 0)
      setImmediate(() => (batches.push(submittedThisTurn), (submittedThisTurn = 0)));
    submittedThisTurn += 1;
    const reply = answer(input.request);
    if (reply) setImmediate(() => requests.deliver([reply]));
    return true;
  });
  const server = new Server();
  server.addService(
    KvServiceService,
    kvServiceHandlers({
      self: 'n0',
      requests,
      forwarder: new ClusterKvClient(defaultTopology(), { attemptTimeoutMs: 1000 }),
      toCoreDeadline: (unixMs) => unixMs,
    }),
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  started.push({ server, clients: [] });
  return { address: `127.0.0.1:${port}`, batches };
}

function client(address: string, timeoutMs = 5000): PipelinedKvClient {
  const pipelined = new PipelinedKvClient(address, { timeoutMs });
  started.at(-1)!.clients.push(pipelined);
  return pipelined;
}

afterEach(() => {
  for (const { server, clients } of started.splice(0)) {
    clients.forEach((each) => each.close());
    server.forceShutdown();
  }
});

describe('KvService.Pipeline', () => {
  it('answers many requests made in one turn, each by its id, after they reach the core together', async () => {
    const { address, batches } = await startServer();
    const pipelined = client(address);
    const puts = Array.from({ length: 40 }, (_, i) =>
      pipelined.call({ kind: 'put', key: `k${i}`, value: new Uint8Array([i]) }, { requestId: `r${i}` }),
    );
    const get = pipelined.call({ kind: 'get', key: 'k7' });
    const replies = await Promise.all(puts);
    expect(replies.map((reply) => reply.requestId)).toEqual(Array.from({ length: 40 }, (_, i) => `r${i}`));
    expect(replies[0]).toMatchObject({ version: 3, index: 7, path: 'fast', value: null, servedBy: 'n0' });
    const read = await get;
    expect(new TextDecoder().decode(read.value!)).toBe('v-k7');
    expect(read).toMatchObject({ path: 'local', servedBy: 'n0' });
    // One request batch carried all 41: the core saw them in one turn.
    expect(batches[0]).toBe(41);
    expect(pipelined.inFlight).toBe(0);
  });

  it("fails a request with the unary call's status and metadata, and the others still succeed", async () => {
    const { address } = await startServer();
    const pipelined = client(address);
    const bad = pipelined.call({ kind: 'put', key: '', value: new Uint8Array() }, { requestId: 'bad' });
    const good = pipelined.call({ kind: 'put', key: 'ok', value: new Uint8Array() }, { requestId: 'good' });
    const error: unknown = await bad.catch((caught: unknown) => caught);
    expect(isServiceError(error)).toBe(true);
    const failure = kvFailureOf(error as Parameters<typeof kvFailureOf>[0]);
    expect(failure).toMatchObject({
      grpcCode: 3,
      coreCode: 'INVALID_ARGUMENT',
      field: 'key',
      definite: true,
      message: 'key: empty',
    });
    await expect(good).resolves.toMatchObject({ ok: true, requestId: 'good' });
  });

  it('fails a request nobody answers with DEADLINE_EXCEEDED after its time, and forgets it', async () => {
    const { address } = await startServer();
    const pipelined = client(address, 150);
    const error: unknown = await pipelined
      .call({ kind: 'get', key: 'silent' })
      .catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(4);
    expect(pipelined.inFlight).toBe(0);
  });

  it('fails what is in flight when the agent goes away instead of leaving it to time out', async () => {
    const { address } = await startServer();
    const pipelined = client(address, 3000);
    await pipelined.call({ kind: 'get', key: 'a' });
    const stuck = pipelined.call({ kind: 'get', key: 'silent' }).catch((caught: unknown) => caught);
    await new Promise((resolve) => setTimeout(resolve, 50));
    started[0]!.server.forceShutdown();
    const error = await stuck;
    expect(isServiceError(error)).toBe(true);
    // UNAVAILABLE, or CANCELLED when grpc-js sees the forced shutdown as a cancel.
    expect([14, 1]).toContain((error as { code: number }).code);
  });

  it('fails at once on an unreachable agent when not waiting for ready, so a caller can try the next replica', async () => {
    const { address } = await startServer();
    started[0]!.server.forceShutdown();
    const pipelined = new PipelinedKvClient(address, { timeoutMs: 5000, waitForReady: false });
    started[0]!.clients.push(pipelined);
    const beganMs = performance.now();
    const error: unknown = await pipelined.call({ kind: 'get', key: 'a' }).catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(14);
    expect(performance.now() - beganMs).toBeLessThan(2000);
  });

  it('cancels a request when its signal aborts (a paced limit kept by the caller)', async () => {
    const { address } = await startServer();
    const pipelined = client(address);
    const controller = new AbortController();
    const pending = pipelined.call({ kind: 'get', key: 'silent' }, { signal: controller.signal });
    controller.abort();
    const error: unknown = await pending.catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(1);
    expect(pipelined.inFlight).toBe(0);
  });
});
