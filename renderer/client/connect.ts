/**
 * Picks the client for where the page runs: the preload's bridge inside Electron, otherwise the
 * headless console's WebSocket at the page's own origin.
 */
import type { ConsoleClient } from './console-client';
import { connectIpcClient, findBridge } from './ipc-client';
import { connectWsClient, wsUrlFromPage } from './ws-client';

export function connectConsole(pageUrl: string = globalThis.location.href): ConsoleClient {
  const bridge = findBridge();
  return bridge ? connectIpcClient(bridge) : connectWsClient(wsUrlFromPage(pageUrl));
}
