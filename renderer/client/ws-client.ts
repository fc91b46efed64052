/**
 * The headless console's client: the contract over one WebSocket to /ws, with the token from the page's
 * URL. It reconnects with backoff and resyncs from a fresh snapshot after every reconnect.
 */
import type { CommandName } from '../../app/contract/console-contract';
import {
  eventMessageSchema,
  wsResponseSchema,
  type CommandReply,
  type EventMessage,
  type WsResponse,
} from '../../app/contract/envelope';
import type { ConsoleClient } from './console-client';
import { createConsoleClient } from './transport-client';
import type { ConsoleTransport, LinkState } from './transport';

/** The part of the WebSocket API the client uses; the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

export interface WsClientOptions {
  /** Defaults to the browser's WebSocket. */
  createSocket?: WebSocketFactory;
  reconnectDelayMsMin?: number;
  reconnectDelayMsMax?: number;
}

const openState = 1;

/** The /ws URL for a page served by the headless console: same host, the page's token. */
export function wsUrlFromPage(pageUrl: string): string {
  const page = new URL(pageUrl);
  const token = page.searchParams.get('token') ?? '';
  const protocol = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${page.host}/ws?token=${encodeURIComponent(token)}`;
}

export function connectWsClient(url: string, options: WsClientOptions = {}): ConsoleClient {
  return createConsoleClient(new WsTransport(url, options));
}

class WsTransport implements ConsoleTransport {
  private socket: WebSocketLike | null = null;
  private readonly pending = new Map<number, (reply: CommandReply<unknown>) => void>();
  private readonly eventListeners = new Set<(message: EventMessage) => void>();
  private readonly linkListeners = new Set<(state: LinkState) => void>();
  private nextId = 1;
  private delayMs: number;
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly createSocket: WebSocketFactory;

  constructor(
    private readonly url: string,
    private readonly options: WsClientOptions,
  ) {
    this.createSocket =
      options.createSocket ?? ((target) => new WebSocket(target) as unknown as WebSocketLike);
    this.delayMs = options.reconnectDelayMsMin ?? 250;
    queueMicrotask(() => this.connect());
  }

  invoke(name: CommandName, input: unknown): Promise<CommandReply<unknown>> {
    const socket = this.socket;
    if (!socket || socket.readyState !== openState) return Promise.resolve(disconnected());
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      socket.send(JSON.stringify({ id, command: name, input }));
    });
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onLink(listener: (state: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.close(1000, 'client closed');
    this.failPending();
    this.setLink('closed');
  }

  private connect(): void {
    if (this.closed) return;
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      this.delayMs = this.options.reconnectDelayMsMin ?? 250;
      this.setLink('up');
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => undefined;
    socket.onclose = () => this.onSocketClosed(socket);
  }

  private onSocketClosed(socket: WebSocketLike): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.failPending();
    if (this.closed) return;
    this.setLink('down');
    this.retryTimer = setTimeout(() => this.connect(), this.delayMs);
    this.delayMs = Math.min(this.delayMs * 2, this.options.reconnectDelayMsMax ?? 5000);
  }

  private receive(data: unknown): void {
    let message: unknown;
    try {
      message = JSON.parse(String(data));
    } catch {
      return;
    }
    const event = eventMessageSchema.safeParse(message);
    if (event.success) {
      for (const listener of this.eventListeners) listener(event.data as EventMessage);
      return;
    }
    const response = wsResponseSchema.safeParse(message);
    if (response.success) this.settle(response.data);
  }

  private settle(response: WsResponse): void {
    if (typeof response.id !== 'number') return;
    const resolve = this.pending.get(response.id);
    if (!resolve) return;
    this.pending.delete(response.id);
    resolve(response.ok ? { ok: true, output: response.output } : { ok: false, error: response.error });
  }

  private failPending(): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const resolve of waiting) resolve(disconnected());
  }

  private setLink(state: LinkState): void {
    for (const listener of this.linkListeners) listener(state);
  }
}

function disconnected(): CommandReply<unknown> {
  return {
    ok: false,
    error: { code: 'DISCONNECTED', field: '(connection)', message: 'not connected to the console; retrying' },
  };
}
