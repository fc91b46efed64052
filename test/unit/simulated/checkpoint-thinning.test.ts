/**
 * A long run keeps few checkpoints (History's denseSteps): every one of the newest steps, ever fewer
 * further back. Going back anywhere still gives exactly the state a run taken straight there has.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../app/simulator/simulation';
import { History } from '../../../app/simulator/time-travel';

const seed = 41;
const writes = (i: number) => ({
  kind: 'client' as const,
  node: `n${i % 6}`,
  op: { kind: 'put' as const, key: `k${i % 4}`, value: `v${i}` },
});

/** The run's inputs: a write every 10 steps, one event at a time otherwise. */
function inputs(count: number) {
  return Array.from({ length: count }, (_, i) => (i % 10 === 0 ? writes(i) : { kind: 'step' as const }));
}

describe('checkpoint thinning', () => {
  it('keeps every recent checkpoint and a logarithmic few older ones; a seek anywhere is exact', () => {
    const every = 20;
    const thinned = new History(new Simulation(seed), { checkpointEverySteps: every, denseSteps: 200 });
    const kept: number[] = [];
    for (const [i, input] of inputs(4000).entries()) {
      thinned.apply(input);
      if ((i + 1) % 1000 === 0) kept.push(thinned.checkpointCount);
    }
    // Never thinned this would be one per 20 steps: 51, 101, 151, 201.
    expect(kept.at(-1)!).toBeLessThan(40);
    // Four times the run adds a handful, not four times as many.
    expect(kept.at(-1)! - kept[0]!).toBeLessThan(10);

    const straight = new Simulation(seed);
    const states = new Map<number, string>();
    const targets = new Set([0, 1, 333, 1999, 3000, 3790, 3800, 3999]);
    for (const input of inputs(4000)) {
      straight.apply(input);
      if (targets.has(straight.state.stepCount))
        states.set(straight.state.stepCount, JSON.stringify(straight.state));
    }
    const end = thinned.sim.state.stepCount;
    for (const target of [...states.keys()].reverse()) {
      thinned.seekStep(target);
      expect(JSON.stringify(thinned.sim.state)).toBe(states.get(target));
    }
    thinned.seekStep(end);
    expect(thinned.sim.state.stepCount).toBe(end);
  });
});
