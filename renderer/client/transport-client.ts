/**
 * The one ConsoleClient implementation, over any transport: typed calls that throw contract errors,
 * snapshot + delta sync with gap repair, and a connection state for the status bar.
 */
import type { CommandInput, CommandName, CommandOutput } from '../../app/contract/console-contract';
import type { ConsoleSnapshot, StateDelta } from '../../app/contract/console-state';
import { unwrapReply } from '../../app/contract/envelope';
import { contractFailure } from '../../app/contract/errors';
import type { ConnectionState, ConsoleClient, StateUpdate } from './console-client';
import { StateSync } from './state-sync';
import type { ConsoleTransport, LinkState } from './transport';

export function createConsoleClient(transport: ConsoleTransport): ConsoleClient {
  const stateListeners = new Set<(update: StateUpdate) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let connection: ConnectionState = 'connecting';
  let closed = false;

  const setConnection = (next: ConnectionState) => {
    if (next === connection) return;
    connection = next;
    for (const listener of connectionListeners) listener(next);
  };

  const call = async <N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> => {
    if (closed) throw contractFailure('INTERNAL', '(client)', 'the console client is closed');
    return unwrapReply(await transport.invoke(name, input)) as CommandOutput<N>;
  };

  const sync = new StateSync({
    fetchSnapshot: () => call('getSnapshot', {}) as Promise<ConsoleSnapshot>,
    emit: (update) => {
      for (const listener of stateListeners) listener(update);
    },
    onResync: (active) => {
      if (connection === 'closed' || connection === 'reconnecting') return;
      if (active) setConnection(sync.snapshot() === null ? 'connecting' : 'resyncing');
      else setConnection('open');
    },
    onError: () => setConnection(closed ? 'closed' : 'reconnecting'),
  });

  const unsubscribeEvents = transport.onEvent((message) => {
    if (message.event === 'stateDelta') sync.receive(message.payload as StateDelta);
  });
  const unsubscribeLink = transport.onLink((state: LinkState) => {
    if (state === 'closed') return setConnection('closed');
    if (state === 'down') return setConnection('reconnecting');
    setConnection(sync.snapshot() === null ? 'connecting' : 'resyncing');
    sync.resync();
  });

  return {
    call,
    snapshot: () => sync.snapshot(),
    subscribe(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    connection: () => connection,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    close() {
      closed = true;
      unsubscribeEvents();
      unsubscribeLink();
      transport.close();
      setConnection('closed');
    },
  };
}
