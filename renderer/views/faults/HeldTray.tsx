/**
 * The tray of messages waiting in the gates in hold mode, oldest first, each with deliver, drop and
 * duplicate, under a note that the agents' timers are stopped meanwhile. The agents' own list (listHeld) is the truth; it is read again whenever a message is held
 * or released, and every second while anything is held.
 */
import { useCallback, useEffect, useState } from 'react';
import type { HeldMessageView } from '../../../app/contract/fault-schemas';
import { releaseHeld } from '../../actions/faults';
import { failureText } from '../../actions/notices';
import { messageKinds, type MessageType } from '../../layers/message-kinds';
import { useConsole, useConsoleState } from '../use-console';
import { TimersStoppedNote } from './TimersStoppedNote';

const refreshMs = 1_000;

export function HeldTray() {
  const consoleHandle = useConsole();
  const holding = useConsoleState((state) => state.faults.hold.all || state.faults.hold.links.length > 0);
  const heldSeen = useConsoleState((state) => heldEventCount(state.observed.recent));
  const [held, setHeld] = useState<HeldMessageView[]>([]);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    consoleHandle.client.call('listHeld', {}).then(
      (output) => {
        setHeld([...output.messages].sort((a, b) => a.heldAtMs - b.heldAtMs));
        setError(null);
      },
      (failure: unknown) => setError(failureText(failure)),
    );
  }, [consoleHandle]);
  useEffect(() => {
    if (!holding && held.length === 0) return;
    refresh();
    const timer = setInterval(refresh, refreshMs);
    return () => clearInterval(timer);
  }, [holding, held.length, heldSeen, refresh]);
  if (held.length === 0 && !holding) return null;
  const act = async (message: HeldMessageView, action: 'deliver' | 'drop' | 'duplicate') => {
    await releaseHeld(consoleHandle, message, action);
    refresh();
  };
  return (
    <div className="held-tray" aria-label="held messages">
      <h3>Held messages ({held.length})</h3>
      <TimersStoppedNote holding={holding} />
      {error && <div className="dim">{error}</div>}
      {held.length === 0 && (
        <p className="dim small">Nothing held yet: send a write and its messages wait here.</p>
      )}
      <ol>
        {held.map((message) => (
          <li key={message.id} data-message={message.id} data-type={message.type}>
            <div>
              <span className="mono">{kindLabel(message.type)}</span> {message.from} → {message.to}
              <span className="dim mono">
                {' '}
                {message.key}#{message.index}
              </span>
            </div>
            <div className="row">
              <button className="small" onClick={() => void act(message, 'deliver')}>
                deliver
              </button>
              <button className="small danger" onClick={() => void act(message, 'drop')}>
                drop
              </button>
              <button className="small" onClick={() => void act(message, 'duplicate')}>
                duplicate
              </button>
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function kindLabel(type: string): string {
  return type in messageKinds ? messageKinds[type as MessageType].label : type;
}

/** Changes whenever a message is held or released, so the tray re-reads the list at once. */
function heldEventCount(recent: readonly { type: string }[]): number {
  let count = 0;
  for (let i = Math.max(0, recent.length - 200); i < recent.length; i += 1) {
    const type = recent[i]!.type;
    if (type === 'messageHeld' || type === 'messageReleased') count += 1;
  }
  return count;
}
