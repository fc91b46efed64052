/** The event picked in the timeline: what happened, where (key, index, ballot) and, for a message, both ends. */
import { captionOf } from '../../../app/model/captions';
import { formatBallot } from '../../../app/paxos/ballot';
import { messageKinds } from '../../layers/message-kinds';
import type { RecordedEvent } from '../../store/observed-cluster';
import type { ObservedCluster } from '../../store/observed-cluster';
import { messageById, recentEvent } from '../../store/selectors/message-views';
import { useConsoleState, useShown } from '../use-console';

export function EventInspector() {
  const selectedN = useConsoleState((state) => state.selectedEventN);
  const event = useShown((observed) => (selectedN === null ? undefined : recentEvent(observed, selectedN)));
  // Each part is selected on its own: a selector must return objects the store already holds.
  const message = useShown((observed) =>
    event && 'messageId' in event ? messageById(observed, event.messageId) : undefined,
  );
  const send = useShown((observed) => endOf(observed, message?.sendEventN));
  const receive = useShown((observed) => endOf(observed, message?.receiveEventN));
  const pair = message ? { message, send, receive } : null;
  if (selectedN === null) {
    return (
      <aside className="event-inspector dim">Click a message or a step in the timeline to inspect it.</aside>
    );
  }
  if (!event)
    return <aside className="event-inspector dim">Event #{selectedN} has left the recent window.</aside>;
  return (
    <aside className="event-inspector" aria-label="event inspector">
      <div className="inspector-title">
        #{event.n} <strong>{event.type}</strong>
      </div>
      <p className="caption">{captionOf(event)}</p>
      <dl>
        <dt>node</dt>
        <dd>{event.agent}</dd>
        {event.key !== undefined && (
          <>
            <dt>key</dt>
            <dd className="mono">
              {event.key}
              {event.index !== undefined ? ` #${event.index}` : ''}
            </dd>
          </>
        )}
        {event.ballot && (
          <>
            <dt>ballot</dt>
            <dd className="mono">{formatBallot(event.ballot)}</dd>
          </>
        )}
        <dt>time</dt>
        <dd className="mono">{new Date(event.timeMs).toISOString().slice(11, 23)}</dd>
      </dl>
      {pair && (
        <div className="pair">
          <div>
            {messageKinds[pair.message.type].label} {pair.message.from} → {pair.message.to}:{' '}
            <strong>{pair.message.state}</strong>
            {pair.message.dropReason ? ` (${pair.message.dropReason})` : ''}
          </div>
          <div className="dim">
            sent {pair.send ? `#${pair.send.n}` : '(not in window)'} · received{' '}
            {pair.receive
              ? `#${pair.receive.n} after ${(pair.receive.timeMs - (pair.send?.timeMs ?? pair.receive.timeMs)).toFixed(2)} ms`
              : 'not yet'}
          </div>
        </div>
      )}
    </aside>
  );
}

function endOf(observed: ObservedCluster, n: number | null | undefined): RecordedEvent | undefined {
  return n === null || n === undefined ? undefined : recentEvent(observed, n);
}
