import { Metadata, Server, ServerCredentials, status } from '@grpc/grpc-js';
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
import { AgentKv } from '../../../node-agent/kit/client/agent-kv';
import { answerOk, startScriptedKvServer, type ScriptedKvServer } from '../../support/scripted-kv-server';

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

/** How late the stand-in core answers the key 'slow'. */
const slowAnswerMs = 300;

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
    const lateMs = input.request.operation.key === 'slow' ? slowAnswerMs : 0;
    if (reply) setTimeout(() => requests.deliver([reply]), lateMs);
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

  it('reports a request its caller stopped waiting for as DEADLINE_EXCEEDED, drops its late answer, and goes on', async () => {
    const { address } = await startServer();
    const pipelined = client(address);
    const late = pipelined.call({ kind: 'put', key: 'slow', value: new Uint8Array() }, { timeoutMs: 60 });
    const error: unknown = await late.catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(pipelined.inFlight).toBe(0);
    // The agent still answers it later; nobody is waiting, and the stream carries on.
    await new Promise((resolve) => setTimeout(resolve, slowAnswerMs + 50));
    await expect(pipelined.call({ kind: 'get', key: 'a' })).resolves.toMatchObject({ ok: true });
  });

  it('fails a short request on its own time though a longer one went first, and keeps the longer one', async () => {
    const { address } = await startServer();
    const pipelined = client(address);
    const long = pipelined.call({ kind: 'get', key: 'silent' }, { timeoutMs: 20_000 });
    const beganMs = performance.now();
    const error: unknown = await pipelined
      .call({ kind: 'get', key: 'silent' }, { timeoutMs: 80 })
      .catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(status.DEADLINE_EXCEEDED);
    expect(performance.now() - beganMs, "long before the first request's 20 s").toBeLessThan(10_000);
    expect(pipelined.inFlight).toBe(1);
    pipelined.close();
    await expect(long).rejects.toMatchObject({ code: status.CANCELLED });
  });
});

describe('KvService.Pipeline, the stream itself', () => {
  const servers: ScriptedKvServer[] = [];
  const clients: { close(): void }[] = [];
  afterEach(() => {
    clients.splice(0).forEach((each) => each.close());
    servers.splice(0).forEach((each) => each.stop());
  });
  async function scripted(options: Parameters<typeof startScriptedKvServer>[1]) {
    const server = await startScriptedKvServer(
      (op) => (op.value.key === 'silent' ? null : answerOk(op)),
      options,
    );
    servers.push(server);
    return server;
  }
  const put = (key: string, bytes = 0) => ({ kind: 'put' as const, key, value: new Uint8Array(bytes) });

  it('fails what was in flight on a broken stream as UNAVAILABLE, then opens a new one on the restarted agent', async () => {
    const first = await scripted({ pipeline: 'serve' });
    const pipelined = new PipelinedKvClient(first.address, { timeoutMs: 5000 });
    clients.push(pipelined);
    await expect(pipelined.call(put('a'), { requestId: 'r1' })).resolves.toMatchObject({ requestId: 'r1' });
    const unanswered = pipelined.call(put('silent')).catch((caught: unknown) => caught);
    await first.nextRequest();
    first.stop();
    const error = await unanswered;
    // Not the CANCELLED the dying stream ends with, which a caller would take for its own cancel.
    expect(isServiceError(error) && error.code).toBe(status.UNAVAILABLE);
    expect((error as Error).message).toContain('pipeline stream');
    const port = Number(first.address.split(':')[1]);
    const second = await scripted({ pipeline: 'serve', port });
    await expect(pipelined.call(put('b'), { requestId: 'r2' })).resolves.toMatchObject({ requestId: 'r2' });
    expect(second.seen.map((seen) => seen.op.value.key)).toEqual(['b']);
  });

  it('lets one request wait for an agent not up yet while the client otherwise fails fast', async () => {
    const probe = await scripted({ pipeline: 'serve' });
    const port = Number(probe.address.split(':')[1]);
    probe.stop();
    const pipelined = new PipelinedKvClient(probe.address, { timeoutMs: 5000, waitForReady: false });
    clients.push(pipelined);
    const impatient: unknown = await pipelined.call(put('a')).catch((caught: unknown) => caught);
    expect(isServiceError(impatient) && impatient.code).toBe(status.UNAVAILABLE);
    const patient = pipelined.call(put('b'), { requestId: 'r-wait', waitForReady: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await scripted({ pipeline: 'serve', port });
    await expect(patient).resolves.toMatchObject({ requestId: 'r-wait' });
  });

  it('never sends a request cancelled before its batch left', async () => {
    const server = await scripted({ pipeline: 'serve' });
    const pipelined = new PipelinedKvClient(server.address, { timeoutMs: 5000 });
    clients.push(pipelined);
    const controller = new AbortController();
    const dropped = pipelined.call(put('dropped'), { signal: controller.signal });
    controller.abort();
    const error: unknown = await dropped.catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(status.CANCELLED);
    await pipelined.call(put('kept'));
    expect(server.seen.map((seen) => seen.op.value.key)).toEqual(['kept']);
  });

  it('cuts a turn of large values into several messages instead of failing the stream', async () => {
    const server = await scripted({ pipeline: 'serve' });
    const pipelined = new PipelinedKvClient(server.address, { timeoutMs: 20_000 });
    clients.push(pipelined);
    const puts = Array.from({ length: 3 }, (_, i) => pipelined.call(put(`big${i}`, 3 * 1024 * 1024)));
    await expect(Promise.all(puts)).resolves.toHaveLength(3);
    expect(server.batches).toBeGreaterThanOrEqual(2);
  });

  it('keeps an UNIMPLEMENTED stream as a refusal, which AgentKv answers by unary calls', async () => {
    const server = await scripted({ pipeline: 'refuse' });
    const pipelined = new PipelinedKvClient(server.address, { timeoutMs: 5000 });
    clients.push(pipelined);
    const error: unknown = await pipelined.call(put('a')).catch((caught: unknown) => caught);
    expect(isServiceError(error) && error.code).toBe(status.UNIMPLEMENTED);
    expect(pipelined.refusal).toBe(error);
    await expect(pipelined.call(put('b'))).rejects.toBe(error);
    expect(server.seen).toEqual([]);
    const agent = new AgentKv(server.address, { pipelined: true, metadata: new Metadata() });
    clients.push(agent);
    await expect(agent.call(put('c'), { requestId: 'r-c', timeoutMs: 5000 })).resolves.toMatchObject({
      requestId: 'r-c',
    });
    expect(server.seen.map((seen) => seen.via)).toEqual(['unary']);
  });
});
