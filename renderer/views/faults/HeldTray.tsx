/** Messages waiting in a gate in hold mode, oldest first. */
import { useShallow } from 'zustand/react/shallow';
import { messageKinds } from '../../layers/message-kinds';
import { heldMessages } from '../../store/selectors/messages';
import { useShown } from '../console-context';

export function HeldTray() {
  const held = useShown(useShallow(heldMessages));
  if (held.length === 0) return null;
  return (
    <div className="held-tray" aria-label="held messages">
      <h3>Held messages ({held.length})</h3>
      <ol>
        {held.map((message) => (
          <li key={message.id} data-message={message.id}>
            <span className="mono">{messageKinds[message.type].label}</span> {message.from} → {message.to}
            {message.key !== null && (
              <span className="dim mono">
                {' '}
                {message.key}#{message.index}
              </span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
