/**
 * The Electron bridge: one ipcMain handler per contract command on its `console:<name>` channel, each
 * validating through the same dispatch as the WebSocket bridge, and every event sent to the window on
 * its channel. Electron is passed in, so this file loads (and is tested) without an Electron binary.
 */
import {
  commandChannel,
  commandNames,
  eventChannel,
  type ConsoleHandlers,
  type EventName,
} from '../../app/contract/console-contract';
import type { EventMessage } from '../../app/contract/envelope';
import { dispatchCommand } from './dispatch';

/** The part of ipcMain the bridge uses. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame?: { url: string } | null }, input: unknown) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

/** The part of a WebContents the bridge sends to. */
export interface IpcTarget {
  send(channel: string, message: unknown): void;
  isDestroyed(): boolean;
}

export interface IpcBridgeOptions {
  ipcMain: IpcMainLike;
  handlers: ConsoleHandlers;
  subscribe: (listener: (message: EventMessage) => void) => () => void;
  target: IpcTarget;
  /** Only frames loaded from here may call (the app's own files), never remote content. */
  isTrustedUrl: (url: string) => boolean;
}

export function attachIpcBridge(options: IpcBridgeOptions): () => void {
  for (const name of commandNames) {
    options.ipcMain.handle(commandChannel(name), (event, input) => {
      const url = event.senderFrame?.url ?? '';
      if (!options.isTrustedUrl(url)) {
        return {
          ok: false,
          error: {
            code: 'UNAUTHORIZED',
            field: '(sender)',
            message: `refused a call from ${url || 'an unknown frame'}`,
          },
        };
      }
      return dispatchCommand(options.handlers, name, input);
    });
  }
  const unsubscribe = options.subscribe((message) => {
    if (!options.target.isDestroyed()) options.target.send(eventChannel(message.event as EventName), message);
  });
  return () => {
    unsubscribe();
    for (const name of commandNames) options.ipcMain.removeHandler(commandChannel(name));
  };
}
