/**
 * The Electron client: the contract over the preload's `window.paxoscope`, which has one function per
 * command and `on` for events. IPC never drops a message, but the client still repairs gaps the same way.
 */
import type { CommandName, EventName } from '../../app/contract/console-contract';
import { bridgeGlobalName, type PaxoscopeBridge } from '../../app/contract/bridge-api';
import type { CommandReply, EventMessage } from '../../app/contract/envelope';
import type { ConsoleClient } from './console-client';
import { createConsoleClient } from './transport-client';
import type { ConsoleTransport, LinkState } from './transport';

/** The preload's bridge, when the page runs inside the Electron window. */
export function findBridge(scope: object = globalThis): PaxoscopeBridge | undefined {
  return (scope as Record<string, PaxoscopeBridge | undefined>)[bridgeGlobalName];
}

export function connectIpcClient(bridge: PaxoscopeBridge): ConsoleClient {
  return createConsoleClient(new IpcTransport(bridge));
}

class IpcTransport implements ConsoleTransport {
  private readonly linkListeners = new Set<(state: LinkState) => void>();
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly bridge: PaxoscopeBridge) {
    queueMicrotask(() => {
      for (const listener of this.linkListeners) listener('up');
    });
  }

  invoke(name: CommandName, input: unknown): Promise<CommandReply<unknown>> {
    const send = this.bridge[name] as (input: unknown) => Promise<CommandReply<unknown>>;
    return send(input);
  }

  onEvent(listener: (message: EventMessage) => void): () => void {
    const event: EventName = 'stateDelta';
    const unsubscribe = this.bridge.on(event, (payload, seq) => listener({ event, seq, payload }));
    this.unsubscribers.push(unsubscribe);
    return unsubscribe;
  }

  onLink(listener: (state: LinkState) => void): () => void {
    this.linkListeners.add(listener);
    return () => this.linkListeners.delete(listener);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribers) unsubscribe();
    for (const listener of this.linkListeners) listener('closed');
  }
}
