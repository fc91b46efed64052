/**
 * Says plainly what hold mode does to time: while anything is held, the agents' protocol timers stand
 * still (node-agent/process/control/protocol-pace.ts), so a proposer waits for the person instead of retrying.
 * Beside it, how many agents confirmed it with their latest protocolPace event.
 */
import type { RecordedEvent } from '../../store/observed-cluster';
import { useConsoleState } from '../use-console';

export function TimersStoppedNote({ holding }: { holding: boolean }) {
  const stoppedAgents = useConsoleState((state) => agentsReportingStopped(state.observed.recent));
  const heldAt = useConsoleState((state) => state.faults.hold.heldAt.join(', '));
  return (
    <p className="warn small" role="status" data-timers={holding ? 'stopped' : 'held-only'}>
      {holding
        ? 'Protocol timers are stopped on every agent while holding: no round times out and no request ' +
          'expires, so a write waits for you to deliver its messages. They run again when hold mode is off ' +
          'and the tray is empty.'
        : `Hold mode is off, but messages are still held${heldAt ? ` at ${heldAt}` : ''}: protocol timers ` +
          'stay stopped on every agent until the tray is empty, so no proposer retries while its ' +
          'messages wait here.'}
      {stoppedAgents > 0 && <span className="dim"> ({stoppedAgents} agents report time stopped.)</span>}
    </p>
  );
}

/** Agents whose newest protocolPace event among the recent ones says their time is stopped. */
function agentsReportingStopped(recent: readonly RecordedEvent[]): number {
  const latest = new Map<string, number>();
  for (const event of recent) if (event.type === 'protocolPace') latest.set(event.agent, event.rate);
  let stopped = 0;
  for (const rate of latest.values()) if (rate === 0) stopped += 1;
  return stopped;
}
