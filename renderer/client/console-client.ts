/**
 * The interface every view depends on. The IPC client (Electron), the WebSocket client (headless) and a
 * simulation client all implement it, so a view works live, headless or simulated alike.
 */
import type { CommandInput, CommandName, CommandOutput } from '../../app/contract/console-contract';
import type { ConsoleSnapshot, StateDelta } from '../../app/contract/console-state';

/** `connecting` before the first snapshot, `open` while in sync, `resyncing` while a gap is repaired. */
export type ConnectionState = 'connecting' | 'open' | 'resyncing' | 'reconnecting' | 'closed';

/** A state change as a view sees it: a whole new snapshot, or one delta with the snapshot it produced. */
export type StateUpdate =
  | { kind: 'snapshot'; snapshot: ConsoleSnapshot }
  | { kind: 'delta'; delta: StateDelta; snapshot: ConsoleSnapshot };

export interface ConsoleClient {
  /** Runs a command; rejects with a ContractFailure carrying `{ code, field, limit?, message }`. */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  /** The current state, or null until the first snapshot arrived. */
  snapshot(): ConsoleSnapshot | null;
  /** Calls the listener on every snapshot and delta, in order; returns the unsubscribe function. */
  subscribe(listener: (update: StateUpdate) => void): () => void;
  connection(): ConnectionState;
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Disconnects; later calls reject. */
  close(): void;
}
