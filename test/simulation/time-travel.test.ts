import { describe, expect, it } from 'vitest';
import { History } from '../../app/simulator/time-travel';
import type { SimInput } from '../../app/simulator/inputs';
import { randomRun } from '../../app/simulator/random-run';
import { exportRun, replayRun } from '../../app/simulator/run-export';
import { Simulation } from '../../app/simulator/simulation';

const run = randomRun(77);

/** The state a fresh run reaches at `tMs`, built without seek: the inputs, cut at tMs. */
function referenceAt(tMs: number): Simulation {
  const history = new History(new Simulation(run.seed, run.options), { checkpointEverySteps: Infinity });
  for (const input of run.inputs) {
    if (input.kind === 'advance' && input.toMs > tMs) {
      history.apply({ kind: 'advance', toMs: tMs });
      break;
    }
    history.apply(input);
  }
  return history.sim;
}

function recorded(): History {
  const history = new History(new Simulation(run.seed, run.options), {
    checkpointEverySteps: 200,
    advanceSliceMs: 50,
  });
  for (const input of run.inputs) history.apply(input);
  return history;
}

describe('history', () => {
  it('seek(t) restores a checkpoint and replays to exactly the state a fresh run has at t', () => {
    const history = recorded();
    const endMs = history.sim.nowMs;
    for (const tMs of [0, 333, 1234, 1999, endMs - 1, 10, endMs]) {
      history.seek(tMs);
      expect(history.sim.nowMs).toBe(tMs);
      expect(history.sim.state).toEqual(referenceAt(tMs).state);
    }
  });

  it('a new input after seeking back forks: the old future is gone and the fork replays', () => {
    const history = recorded();
    history.seek(1234);
    expect(history.canRedo()).toBe(true);
    const fork: SimInput = { kind: 'client', node: 'n1', op: { kind: 'put', key: 'fork', value: 'x' } };
    history.apply(fork);
    history.apply({ kind: 'advance', toMs: 1500 });
    expect(history.canRedo()).toBe(false);
    const inputs = history.inputs();
    expect(inputs.filter((input) => input.kind === 'client' && input.op.key === 'fork')).toHaveLength(1);
    expect(Math.max(...inputs.map((input) => (input.kind === 'advance' ? input.toMs : 0)))).toBe(1500);
    const replayed = replayRun(JSON.parse(JSON.stringify(exportRun(history))));
    expect(replayed.sim.state).toEqual(history.sim.state);
  });

  it('seeking forward again without a new input redoes the logged future', () => {
    const history = recorded();
    const endState = structuredClone(history.sim.state);
    history.seek(500);
    history.seek(endState.nowMs);
    expect(history.sim.state).toEqual(endState);
  });
});
