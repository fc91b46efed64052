import { describe, expect, it } from 'vitest';
import { randomRun } from '../../../app/simulator/random-run';
import { SafetyChecker } from '../../../app/simulator/safety-checker';
import { Simulation } from '../../../app/simulator/simulation';
import { History } from '../../../app/simulator/time-travel';

const run = randomRun(91);

function recorded(checker?: SafetyChecker): History {
  const sim = new Simulation(run.seed, run.options, checker ? [checker] : []);
  const history = new History(
    sim,
    { checkpointEverySteps: 150, advanceSliceMs: 50 },
    checker ? [checker] : [],
  );
  for (const input of run.inputs) history.apply(input);
  return history;
}

/** A fresh run taken one step at a time to `stepCount`, with no history at all. */
function steppedTo(stepCount: number): Simulation {
  const sim = new Simulation(run.seed, run.options);
  for (const input of run.inputs) {
    if (input.kind !== 'advance') {
      if (sim.state.stepCount + 1 > stepCount) break;
      sim.apply(input);
      continue;
    }
    while (sim.state.stepCount < stepCount && (sim.state.scheduler.heap[0]?.atMs ?? Infinity) <= input.toMs)
      sim.apply({ kind: 'step' });
    if (sim.state.stepCount >= stepCount && (sim.state.scheduler.heap[0]?.atMs ?? Infinity) <= input.toMs)
      break;
    sim.apply(input);
  }
  return sim;
}

function recordedFork(checker: SafetyChecker, inputs: ReturnType<History['fullLog']>): void {
  const history = new History(new Simulation(run.seed, run.options, [checker]), {}, [checker]);
  for (const input of inputs) history.apply(input);
}

describe('history by step', () => {
  it('seekStep(n) gives the state of a run taken one event at a time to n, back and forth', () => {
    const history = recorded();
    const end = history.sim.state.stepCount;
    for (const target of [end - 1, 7, end - 10_000 > 0 ? end - 10_000 : 3, 1, end - 2]) {
      history.seekStep(target);
      expect(history.sim.state.stepCount).toBe(target);
      expect(history.sim.state).toEqual(steppedTo(target).state);
    }
  });

  it('a step is the advance to the next event, so stepping and advancing end alike', () => {
    const stepped = new Simulation(5);
    const advanced = new Simulation(5);
    for (const sim of [stepped, advanced])
      sim.apply({ kind: 'client', node: 'n1', op: { kind: 'put', key: 'k', value: 'v' } });
    for (let i = 0; i < 40; i++) stepped.apply({ kind: 'step' });
    advanced.apply({ kind: 'advance', toMs: stepped.nowMs });
    expect(stepped.state).toEqual(advanced.state);
  });

  it('switchTo comes back to a saved branch after a fork, and the watchers forget the other future', () => {
    const checker = new SafetyChecker();
    const history = recorded(checker);
    const original = history.fullLog();
    const endState = structuredClone(history.sim.state);
    history.seekStep(40);
    history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'fork', value: 'x' } });
    history.apply({ kind: 'advance', toMs: history.sim.nowMs + 200 });
    const fork = history.fullLog();
    expect(fork.length).toBeLessThan(original.length);
    const forkChecker = new SafetyChecker();
    recordedFork(forkChecker, fork);
    expect(checker.save()).toEqual(forkChecker.save());
    history.switchTo(original);
    expect(history.sim.state).toEqual(endState);
    const fresh = new SafetyChecker();
    recorded(fresh);
    expect(checker.save()).toEqual(fresh.save());
    history.switchTo(fork);
    expect(history.inputs()).toEqual(fork);
    expect(checker.violations).toEqual([]);
  });
});
