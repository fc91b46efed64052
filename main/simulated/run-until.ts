/**
 * "Run until": steps the simulated cluster one event at a time until the condition holds, the step
 * budget is spent, or the wall-clock budget is (so the console's main process never stalls long).
 */
import { conditionMet, describeCondition, parseRunCondition } from '../../app/simulator/run-condition';
import type { SimulatedCluster } from './simulated-cluster';
import type { RunReport } from './simulation-view';

/** However many steps are allowed, a run-until gives the main process back after this long. */
export const runUntilWallMsMax = 3000;

export function runUntil(
  cluster: SimulatedCluster,
  text: string,
  stepsMax: number,
  wallNowMs: () => number = () => performance.now(),
): RunReport {
  const condition = parseRunCondition(text, cluster.sim.state.nodeOrder);
  const words = describeCondition(condition);
  const deadlineMs = wallNowMs() + runUntilWallMsMax;
  for (let steps = 1; steps <= stepsMax; steps += 1) {
    cluster.input({ kind: 'step' });
    const outcome = {
      events: cluster.lastInputEvents,
      state: cluster.sim.state,
      violations: cluster.violations().length,
    };
    if (conditionMet(condition, outcome)) {
      return {
        condition: words,
        met: true,
        steps,
        note: `${words} after ${steps} ${steps === 1 ? 'step' : 'steps'}, at t=${cluster.sim.nowMs} ms`,
      };
    }
    if (wallNowMs() > deadlineMs) {
      const note = `not yet after ${steps} steps (t=${cluster.sim.nowMs} ms); stopped after ${runUntilWallMsMax / 1000} s, run again to go on`;
      return { condition: words, met: false, steps, note };
    }
  }
  return {
    condition: words,
    met: false,
    steps: stepsMax,
    note: `not met within ${stepsMax} steps (t=${cluster.sim.nowMs} ms)`,
  };
}
