/**
 * How many events the console has recorded and how many the agents dropped because the console fell
 * behind (their streams never slow the protocol down, so a lagging console loses events instead).
 */
import { useConsoleState } from '../use-console';

export function RecorderStatus() {
  const recorder = useConsoleState((state) => state.recorder);
  if (recorder.total === 0) return null;
  const dropped = recorder.droppedByAgents;
  return (
    <span
      className={`recorder-status${dropped > 0 ? ' warn' : ''}`}
      data-events-dropped={dropped}
      title={`${recorder.held.toLocaleString()} of the newest events kept (room for ${recorder.capacity.toLocaleString()}); ${recorder.evicted.toLocaleString()} older ones pushed out`}
    >
      {recorder.total.toLocaleString()} events
      {dropped > 0 ? ` · ${dropped.toLocaleString()} dropped by agents` : ''}
    </span>
  );
}
