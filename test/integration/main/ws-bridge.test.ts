import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ConsoleService } from '../../../main/console/console-service';
import { startHeadlessServer, type HeadlessServer } from '../../../main/headless/headless-server';
import { connectWsClient, wsUrlFromPage, type WebSocketLike } from '../../../renderer/client/ws-client';
import type { ConsoleClient, StateUpdate } from '../../../renderer/client/console-client';
import { ContractFailure } from '../../../app/contract/errors';
import { formatTrace } from '../../../main/agents/trace-file';
import type { ClusterEvent } from '../../../app/model/cluster-event';

let service: ConsoleService;
let server: HeadlessServer;
const clients: ConsoleClient[] = [];

beforeEach(async () => {
  service = new ConsoleService({
    runsRoot: mkdtempSync(join(tmpdir(), 'ws-bridge-')),
    recorderCapacity: 1000,
  });
  server = await startHeadlessServer({ service, rendererDir: join(tmpdir(), 'no-renderer-here'), port: 0 });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.close();
  await service.shutdown();
});

/** Opens a raw socket and resolves with how the upgrade went. */
function rawConnect(url: string): Promise<{ opened: boolean; status?: number; socket: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) =>
      resolve({ opened: false, status: response.statusCode, socket }),
    );
    socket.once('error', () => resolve({ opened: false, socket }));
  });
}

function rawRequest(socket: WebSocket, message: string): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()) as Record<string, unknown>));
    socket.send(message);
  });
}

function client(options: { dropSeq?: number } = {}): ConsoleClient {
  const createSocket = (url: string): WebSocketLike => {
    const socket = new WebSocket(url) as unknown as WebSocketLike;
    if (options.dropSeq === undefined) return socket;
    return withDroppedDelta(socket, options.dropSeq);
  };
  const created = connectWsClient(wsUrlFromPage(server.url), { createSocket });
  clients.push(created);
  return created;
}

/** Swallows one stateDelta on its way in, as a lossy link would. */
function withDroppedDelta(socket: WebSocketLike, seq: number): WebSocketLike {
  const wrapper: WebSocketLike = {
    get readyState() {
      return socket.readyState;
    },
    send: (data) => socket.send(data),
    close: (code, reason) => socket.close(code, reason),
    onopen: null,
    onclose: null,
    onerror: null,
    onmessage: null,
  };
  socket.onopen = (event) => wrapper.onopen?.(event);
  socket.onclose = (event) => wrapper.onclose?.(event);
  socket.onerror = (event) => wrapper.onerror?.(event);
  socket.onmessage = (event) => {
    const text = String(event.data);
    const message = JSON.parse(text) as { event?: string; seq?: number };
    if (message.event === 'stateDelta' && message.seq === seq) return;
    wrapper.onmessage?.({ data: text });
  };
  return wrapper;
}

function waitFor(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error('timed out waiting'));
      else setTimeout(check, 10);
    };
    check();
  });
}

const trace = (count: number, agent = 'n0'): string =>
  formatTrace(
    Array.from({ length: count }, (_, i): ClusterEvent => ({
      agent,
      seq: i + 1,
      timeMs: i,
      type: 'nodeResumed',
    })),
  );

describe('WebSocket bridge', () => {
  it('refuses a missing or wrong token and accepts the right one', async () => {
    const base = `ws://127.0.0.1:${server.port}/ws`;
    const missing = await rawConnect(base);
    const wrong = await rawConnect(`${base}?token=${'0'.repeat(server.token.length)}`);
    const right = await rawConnect(`${base}?token=${server.token}`);
    expect(missing).toMatchObject({ opened: false, status: 401 });
    expect(wrong).toMatchObject({ opened: false, status: 401 });
    expect(right.opened).toBe(true);
    right.socket.close();
  });

  it('refuses a page from another origin even with the token', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, {
      headers: { Origin: 'http://evil.example' },
    });
    const status = await new Promise<number>((resolve) =>
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    expect(status).toBe(403);
  });

  it('answers malformed messages and inputs with a field-named error', async () => {
    const { socket } = await rawConnect(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    expect(await rawRequest(socket, '{oops')).toMatchObject({
      id: null,
      ok: false,
      error: { code: 'INVALID_MESSAGE', field: '(message)' },
    });
    expect(await rawRequest(socket, JSON.stringify({ id: 1, input: {} }))).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', field: 'command' },
    });
    expect(
      await rawRequest(socket, JSON.stringify({ id: 2, command: 'launchRockets', input: {} })),
    ).toMatchObject({
      id: 2,
      error: { code: 'UNKNOWN_COMMAND', field: 'command' },
    });
    const tooMany = await rawRequest(
      socket,
      JSON.stringify({ id: 3, command: 'readEvents', input: { limit: 10_000 } }),
    );
    expect(tooMany).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'INVALID_INPUT', field: 'limit', limit: 5000 },
    });
    const noNode = await rawRequest(
      socket,
      JSON.stringify({ id: 4, command: 'killNode', input: { nodeId: 'n0' } }),
    );
    expect(noNode).toMatchObject({ id: 4, ok: false, error: { code: 'NO_CLUSTER' } });
    socket.close();
  });

  it('types calls and rejects with the contract error', async () => {
    const console = client();
    await waitFor(() => console.connection() === 'open');
    await expect(console.call('getNodeLog', { nodeId: '' })).rejects.toSatisfy(
      (error: unknown) => error instanceof ContractFailure && error.error.field === 'nodeId',
    );
    const imported = await console.call('importTrace', { text: trace(3) });
    expect(imported.eventCount).toBe(3);
  });

  it('keeps a client in sync across a forced gap by fetching a new snapshot', async () => {
    const console = client({ dropSeq: 3 });
    const updates: StateUpdate[] = [];
    console.subscribe((update) => updates.push(update));
    await waitFor(() => console.connection() === 'open');
    await console.call('importTrace', { text: trace(5) });
    await console.call('importTrace', { text: trace(7, 'n1') });
    const serverSnapshot = await service.handlers.getSnapshot({});
    await waitFor(() => console.snapshot()?.seq === serverSnapshot.seq);
    expect(console.snapshot()).toEqual(serverSnapshot);
    expect(updates.filter((update) => update.kind === 'snapshot').length).toBeGreaterThanOrEqual(2);
    expect(console.snapshot()?.recentEvents.map((e) => e.agent)).toEqual(Array(7).fill('n1'));
  });

  it('reconnects and resyncs from a fresh snapshot when the console comes back', async () => {
    const console = client();
    const states: string[] = [];
    console.onConnection((state) => states.push(state));
    await waitFor(() => console.connection() === 'open');
    const { port, token } = server;
    await server.close();
    await waitFor(() => console.connection() === 'reconnecting');
    await service.handlers.importTrace({ fileName: 'while-away.jsonl', text: trace(2) });
    server = await startHeadlessServer({
      service,
      rendererDir: join(tmpdir(), 'no-renderer-here'),
      port,
      token,
    });
    await waitFor(() => console.connection() === 'open');
    expect(console.snapshot()?.cluster.traceName).toBe('while-away.jsonl');
    expect(states).toEqual(['open', 'reconnecting', 'resyncing', 'open']);
  });
});
