/**
 * A simulated node's GetStatus `steps`: each core event counted as an agent counts them, since the node
 * last started, and after a step back exactly what they were when the run first passed that step.
 */
import { describe, expect, it } from 'vitest';
import type { SimInputDraft } from '../../../app/simulator/inputs';
import { Simulation } from '../../../app/simulator/simulation';
import { History } from '../../../app/simulator/time-travel';
import { SimStepCounts } from '../../../main/simulated/sim-step-counts';

const inputs: SimInputDraft[] = [
  { kind: 'client', node: 'n0', op: { kind: 'put', key: 'k1', value: 'v1' } },
  { kind: 'advance', toMs: 40 },
  { kind: 'client', node: 'n1', op: { kind: 'put', key: 'k1', value: 'v2' } },
  { kind: 'advance', toMs: 120 },
  { kind: 'crash', node: 'n1' },
  { kind: 'restart', node: 'n1' },
  { kind: 'client', node: 'n2', op: { kind: 'put', key: 'k2', value: 'v3' } },
  { kind: 'advance', toMs: 300 },
];

describe("a simulated node's step counts", () => {
  it('count core events since the node started, and follow the run back to any step', () => {
    const counts = new SimStepCounts();
    const history = new History(
      new Simulation(3, { latencyMinMs: 1, latencyMaxMs: 3 }, [counts]),
      {
        checkpointEverySteps: 10,
      },
      [counts],
    );
    const passed: { step: number; n0: Record<string, number>; n1: Record<string, number> }[] = [];
    for (const input of inputs) {
      history.apply(input);
      const step = history.sim.state.stepCount;
      passed.push({ step, n0: counts.of('n0').snapshot(), n1: counts.of('n1').snapshot() });
    }
    const end = passed.at(-1)!;
    expect(end.n0).toMatchObject({ proposalStarted: 1, acceptedValue: 1, chosen: 1 });
    const crashed = passed[4]!.n1;
    const restarted = passed[5]!.n1;
    expect(Object.keys(crashed).length).toBeGreaterThan(0);
    expect(restarted).toEqual({});
    expect(end.n1.chosen).toBeGreaterThanOrEqual(1);
    for (const { step, n0, n1 } of passed.slice(0, -1).reverse()) {
      history.seekStep(step);
      expect(history.sim.state.stepCount).toBe(step);
      expect([counts.of('n0').snapshot(), counts.of('n1').snapshot()]).toEqual([n0, n1]);
    }
  });
});
