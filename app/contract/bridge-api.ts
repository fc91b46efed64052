/**
 * What the Electron preload exposes as `window.paxoscope`: one function per command, answering with a
 * reply rather than throwing (Electron's IPC loses an Error's fields), and `on` for events.
 */
import type { CommandInput, CommandName, EventName, EventPayload } from './console-contract';
import type { ReplyOf } from './envelope';

export type EventListener<E extends EventName> = (payload: EventPayload<E>, seq: number) => void;

export type PaxoscopeBridge = {
  [N in CommandName]: (input: CommandInput<N>) => Promise<ReplyOf<N>>;
} & {
  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void;
};

/** The global the preload defines. */
export const bridgeGlobalName = 'paxoscope';
