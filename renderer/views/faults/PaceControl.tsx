/**
 * Protocol pace: how fast every agent's protocol time runs (round timeouts, retry backoff, request
 * deadlines), for a classroom that wants to watch a retry happen. Not the display speed in the header,
 * which slows only the picture. A setting rather than a fault: heal all leaves it as it is.
 */
import { setProtocolPace } from '../../actions/faults';
import { useConsole, useConsoleState } from '../use-console';

/** The paces offered, fastest first, with their labels. */
export const paceChoices = [
  { rate: 1, label: 'real time' },
  { rate: 0.5, label: '½' },
  { rate: 0.2, label: '⅕' },
  { rate: 0.1, label: '1/10' },
  { rate: 0, label: 'stopped' },
] as const;

export function PaceControl() {
  const consoleHandle = useConsole();
  const chosen = useConsoleState((state) => state.cluster.protocolPace ?? 1);
  return (
    <div
      className="row pace-control"
      data-pace={chosen}
      title="How fast the agents' timers run (timeouts, retries, deadlines); the display speed in the header slows only the picture"
    >
      <span className="dim">protocol pace</span>
      <div className="segmented" role="group" aria-label="protocol pace">
        {paceChoices.map((choice) => (
          <button
            key={choice.rate}
            className={choice.rate === chosen ? 'small on' : 'small'}
            aria-pressed={choice.rate === chosen}
            onClick={() => void setProtocolPace(consoleHandle, choice.rate)}
          >
            {choice.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/** The nearest pace slower (-1) or faster (+1) than `rate` among the choices; `rate` itself at either end. */
export function nextPace(rate: number, direction: 1 | -1): number {
  const fastestFirst = paceChoices.map((choice) => choice.rate);
  const next =
    direction > 0
      ? fastestFirst.findLast((choice) => choice > rate + 1e-9)
      : fastestFirst.find((choice) => choice < rate - 1e-9);
  return next ?? rate;
}
