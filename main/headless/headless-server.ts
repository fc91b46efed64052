/**
 * The headless console: an HTTP server on 127.0.0.1 that serves the built renderer and the contract's
 * WebSocket at /ws, guarded by a random token that travels in the URL it prints.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { ConsoleService } from '../console/console-service';
import { attachWsBridge, type WsBridge } from '../console/ws-bridge';
import { serveStatic } from './static-files';

export interface HeadlessServerOptions {
  service: ConsoleService;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
}

export interface HeadlessServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  server: Server;
  bridge: WsBridge;
  close(): Promise<void>;
}

export const headlessHost = '127.0.0.1';

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const server = createServer((request, response) => serveStatic(options.rendererDir, request, response));
  const bridge = attachWsBridge({
    server,
    token,
    handlers: options.service.handlers,
    subscribe: (listener) => options.service.subscribe(listener),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, headlessHost, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${headlessHost}:${port}/?token=${token}`,
    port,
    token,
    server,
    bridge,
    close: async () => {
      await bridge.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
