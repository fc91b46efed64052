/**
 * The little a client needs from its channel to main: send a command, hear events, hear the link go up
 * and down. IPC, WebSocket and the in-memory test bridge each provide one.
 */
import type { CommandName } from '../../app/contract/console-contract';
import type { CommandReply, EventMessage } from '../../app/contract/envelope';

export type LinkState = 'up' | 'down' | 'closed';

export interface ConsoleTransport {
  invoke(name: CommandName, input: unknown): Promise<CommandReply<unknown>>;
  /** Every event message main sends, in order. */
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** `up` when (re)connected: the client then asks for a fresh snapshot. */
  onLink(listener: (state: LinkState) => void): () => void;
  close(): void;
}
