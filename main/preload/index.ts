/**
 * Builds `window.paxoscope` from the contract: one function per command on its own channel, and `on`
 * for events with the IPC event (which carries `sender`) stripped. The page gets nothing else: no
 * ipcRenderer, no generic invoke, no Node.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { bridgeGlobalName, type EventListener, type PaxoscopeBridge } from '../../app/contract/bridge-api';
import {
  commandChannel,
  commandNames,
  eventChannel,
  eventNames,
  type EventName,
} from '../../app/contract/console-contract';
import type { EventMessage } from '../../app/contract/envelope';

function buildBridge(): PaxoscopeBridge {
  const commands = Object.fromEntries(
    commandNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(commandChannel(name), input)]),
  );
  const on = <E extends EventName>(event: E, listener: EventListener<E>): (() => void) => {
    if (!eventNames.includes(event)) throw new Error(`no event "${String(event)}"`);
    const channel = eventChannel(event);
    const relay = (_event: unknown, message: EventMessage<E>) => listener(message.payload, message.seq);
    ipcRenderer.on(channel, relay);
    return () => {
      ipcRenderer.removeListener(channel, relay);
    };
  };
  return { ...commands, on } as PaxoscopeBridge;
}

contextBridge.exposeInMainWorld(bridgeGlobalName, buildBridge());
