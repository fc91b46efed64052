/** The run's time: run or pause, one step, back and forward, run until a condition, branch, replay a seed. */
import { useState, type FormEvent } from 'react';
import type { SimulationAction, SimulationView } from '../../../app/contract/simulation-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { actOnSimulation } from './simulation-actions';

interface Props {
  consoleHandle: ConsoleHandle;
  view: SimulationView;
}

export function SimControls({ consoleHandle, view }: Props) {
  const [condition, setCondition] = useState('quiet');
  const [seed, setSeed] = useState(String(view.seed));
  const act = (action: SimulationAction) => void actOnSimulation(consoleHandle, action);
  const runUntil = (event: FormEvent) => {
    event.preventDefault();
    act({ action: 'runUntil', condition, stepsMax: 100_000 });
  };
  const replay = (event: FormEvent) => {
    event.preventDefault();
    const value = Number(seed);
    if (Number.isInteger(value) && value >= 0) act({ action: 'replay', seed: value });
  };
  return (
    <div className="sim-controls">
      <div className="row">
        {view.running ? (
          <button onClick={() => act({ action: 'pause' })} title="Stop simulated time; step by hand">
            Pause
          </button>
        ) : (
          <button
            className="primary"
            onClick={() => act({ action: 'run' })}
            title="Let simulated time run at the pace"
          >
            Run
          </button>
        )}
        <button
          onClick={() => act({ action: 'back', steps: 1 })}
          disabled={view.stepCount === 0}
          title="Undo one event"
        >
          ◀ Back
        </button>
        <button onClick={() => act({ action: 'step' })} title="Process the next event on the agenda">
          Step ▶
        </button>
        <button
          onClick={() => act({ action: 'forward', steps: 1 })}
          disabled={view.stepsAhead === 0}
          title="Redo an undone event"
        >
          Forward
        </button>
        <button onClick={() => act({ action: 'back', steps: 100 })} disabled={view.stepCount === 0}>
          ◀◀ 100
        </button>
        <button
          onClick={() => act({ action: 'branch' })}
          title="Keep this future; go on from here on a new branch"
        >
          Branch here
        </button>
      </div>
      <form className="row" onSubmit={runUntil}>
        <label>
          Run until{' '}
          <input
            className="mono"
            aria-label="run until condition"
            value={condition}
            onChange={(event) => setCondition(event.target.value)}
            placeholder="k1#1 is chosen"
            size={18}
          />
        </label>
        <button type="submit">Go</button>
      </form>
      {view.lastRun && (
        <p className={view.lastRun.met ? 'sim-run-met' : 'sim-run-missed'} data-testid="sim-last-run">
          {view.lastRun.note}
        </p>
      )}
      <form className="row" onSubmit={replay}>
        <label>
          Replay seed{' '}
          <input
            className="mono"
            aria-label="replay seed"
            value={seed}
            inputMode="numeric"
            onChange={(event) => setSeed(event.target.value)}
            size={10}
          />
        </label>
        <button type="submit" title="A fresh run of this cluster from that seed (branches are forgotten)">
          Replay
        </button>
      </form>
    </div>
  );
}
