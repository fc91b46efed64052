/**
 * What is pending, each a button: a message on the wire (deliver it now) or a timer (fire it now): a
 * node's next own action, whatever the protocol (main/simulated/pending-timers.ts).
 */
import type { SimulationView } from '../../../app/contract/simulation-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { actOnSimulation } from './simulation-actions';

interface Props {
  consoleHandle: ConsoleHandle;
  view: SimulationView;
}

export function PendingList({ consoleHandle, view }: Props) {
  return (
    <div className="sim-pending">
      <h3>
        On the wire <span className="dim">({view.messages.length})</span>
      </h3>
      {view.messages.length === 0 ? (
        <p className="dim">No message in flight.</p>
      ) : (
        <ul aria-label="pending messages">
          {view.messages.map((message) => (
            <li key={message.wireId}>
              <button
                className="link mono"
                data-wire={message.wireId}
                title="Deliver this message now, ahead of its time"
                onClick={() =>
                  void actOnSimulation(consoleHandle, { action: 'deliver', wireId: message.wireId })
                }
              >
                {message.from} → {message.to} {message.text}
              </button>{' '}
              <span className="dim">{message.held ? 'held' : `due t=${message.deliverAtMs}`}</span>
            </li>
          ))}
        </ul>
      )}
      <h3>Timers</h3>
      {view.running && (
        <p className="dim">
          Each node&apos;s next timer is listed while paused (PaxosKV&apos;s proposer timers always).
        </p>
      )}
      <ul aria-label="pending timers">
        {view.timers.map((timer) => (
          <li key={`${timer.node} ${timer.what}`}>
            <button
              className="link mono"
              data-timer={timer.what}
              title="Move time to when it fires (messages due before then arrive first unless held)"
              onClick={() => void actOnSimulation(consoleHandle, { action: 'fireTimer', atMs: timer.atMs })}
            >
              {timer.node} {timer.what}
            </button>{' '}
            <span className="dim">at t={timer.atMs}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
