/**
 * The headless console's WebSocket at /ws: the token in the URL or no connection, every message checked
 * against the envelope and the contract, replies by id, and every state delta broadcast. A client that
 * falls far behind is disconnected (it reconnects and resyncs) rather than growing the console's memory.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { timingSafeEqual } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { parseWsRequest, wsMessageBytesMax, type EventMessage } from '../../app/contract/envelope';
import { ContractFailure } from '../../app/contract/errors';
import type { ConsoleHandlers } from '../../app/contract/console-contract';
import { dispatchCommand } from './dispatch';

export interface WsBridgeOptions {
  server: Server;
  token: string;
  handlers: ConsoleHandlers;
  subscribe: (listener: (message: EventMessage) => void) => () => void;
  path?: string;
  /** Above this many unsent bytes a client is dropped. */
  bufferedBytesMax?: number;
}

export interface WsBridge {
  clientCount(): number;
  close(): Promise<void>;
}

export function attachWsBridge(options: WsBridgeOptions): WsBridge {
  const path = options.path ?? '/ws';
  const bufferedBytesMax = options.bufferedBytesMax ?? 32 * 1024 * 1024;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: wsMessageBytesMax });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refuseUpgrade(request, path, options.token);
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client));
  };
  options.server.on('upgrade', onUpgrade);
  sockets.on('connection', (client: WebSocket) => {
    client.on(
      'message',
      (data, isBinary) => void answer(client, options.handlers, isBinary ? null : data.toString()),
    );
  });
  const unsubscribe = options.subscribe((message) => {
    const text = JSON.stringify(message);
    for (const client of sockets.clients) {
      if (client.bufferedAmount > bufferedBytesMax)
        client.close(1013, 'too far behind; reconnect and resync');
      else if (client.readyState === client.OPEN) client.send(text);
    }
  });
  return {
    clientCount: () => sockets.clients.size,
    close: () => {
      unsubscribe();
      options.server.off('upgrade', onUpgrade);
      for (const client of sockets.clients) client.terminate();
      return new Promise((resolve) => sockets.close(() => resolve()));
    },
  };
}

/** Why an upgrade is refused (an HTTP status line), or null to accept it. */
function refuseUpgrade(request: IncomingMessage, path: string, token: string): string | null {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== path) return '404 Not Found';
  if (!sameSecret(url.searchParams.get('token') ?? '', token)) return '401 Unauthorized';
  const origin = request.headers.origin;
  // A page from another site must not drive the console even if it learned the token.
  if (origin !== undefined && new URL(origin).host !== request.headers.host) return '403 Forbidden';
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function answer(client: WebSocket, handlers: ConsoleHandlers, text: string | null): Promise<void> {
  let id: string | number | null = null;
  try {
    if (text === null)
      throw new ContractFailure({
        code: 'INVALID_MESSAGE',
        field: '(message)',
        message: 'send JSON text, not binary',
      });
    const request = parseWsRequest(parseJson(text));
    id = request.id;
    const reply = await dispatchCommand(handlers, request.command, request.input);
    send(client, { id, ...reply });
  } catch (error) {
    if (!(error instanceof ContractFailure)) throw error;
    send(client, { id, ok: false, error: error.error });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContractFailure({
      code: 'INVALID_MESSAGE',
      field: '(message)',
      message: `not JSON: ${(error as Error).message}`,
    });
  }
}

function send(client: WebSocket, message: object): void {
  if (client.readyState === client.OPEN) client.send(JSON.stringify(message));
}
