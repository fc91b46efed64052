import { describe, expect, it } from 'vitest';
import { History } from '../../../app/simulator/time-travel';
import { randomRun } from '../../../app/simulator/random-run';
import { exportRun, replayRun, type RunExport } from '../../../app/simulator/run-export';
import {
  compactScenario,
  fragmentCharsMax,
  scenarioFromFile,
  scenarioFromFragment,
  scenarioToFile,
  scenarioToFragment,
  ScenarioShareError,
} from '../../../app/simulator/scenario-share';
import { Simulation } from '../../../app/simulator/simulation';
import { createTraceRecorder } from '../../../app/simulator/trace';

/** The trace text a run prints, replayed from scratch. */
function traceOf(run: RunExport): string[] {
  const lines: string[] = [];
  replayRun(run, [createTraceRecorder((line) => lines.push(line), 'paxoskv')]);
  return lines;
}

/** A classroom scenario: two writes, a partition, a crash, a read on the cut-off side, healing. */
function typicalScenario(): RunExport {
  const history = new History(new Simulation(7, { latencyMinMs: 1, latencyMaxMs: 3 }));
  history.apply({ kind: 'client', node: 'n0', op: { kind: 'put', key: 'k1', value: 'v1' } });
  history.apply({ kind: 'advance', toMs: 40 });
  history.apply({
    kind: 'fault',
    change: { kind: 'partition', split: { sides: [['n0'], ['n1', 'n2', 'n3', 'n4', 'n5']] } },
  });
  history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'v2' }, deadlineMs: 300 });
  history.apply({ kind: 'client', node: 'n0', op: { kind: 'get', key: 'k1' } });
  history.apply({ kind: 'advance', toMs: 350 });
  history.apply({ kind: 'crash', node: 'n1' });
  history.apply({ kind: 'fault', change: { kind: 'heal' } });
  history.apply({ kind: 'restart', node: 'n1' });
  history.apply({ kind: 'advance', toMs: 600 });
  return exportRun(history);
}

describe('scenario share', () => {
  it('a scenario → URL fragment → scenario → run gives the identical trace', () => {
    const scenario = typicalScenario();
    const fragment = scenarioToFragment(scenario);
    expect(fragment).toMatch(/^#sim=[A-Za-z0-9_-]+$/);
    const back = scenarioFromFragment(fragment);
    const expected = traceOf(scenario);
    expect(expected.length).toBeGreaterThan(50);
    expect(traceOf(back)).toEqual(expected);
    // The typical classroom scenario fits easily in a URL (docs/scenario-share.md quotes the size).
    expect(fragment.length).toBeLessThan(1_000);
  });

  it('a seeded random run with faults, retries and crashes survives both forms', () => {
    const { seed, options, inputs } = randomRun(11);
    const run: RunExport = { seed, options, inputs };
    const expected = traceOf(run);
    expect(traceOf(scenarioFromFragment(scenarioToFragment(run)))).toEqual(expected);
    expect(traceOf(scenarioFromFile(scenarioToFile(run)))).toEqual(expected);
  });

  it('keeps options that differ from the defaults, and only those', () => {
    const run: RunExport = {
      seed: 3,
      options: { protocol: 'quorumkv', latencyMinMs: 1, latencyMaxMs: 3, tickIntervalMs: 10 },
      inputs: [
        { kind: 'advance', toMs: 100 },
        { kind: 'advance', toMs: 200 },
      ],
    };
    expect(compactScenario(run)).toEqual({
      seed: 3,
      options: { protocol: 'quorumkv', tickIntervalMs: 10 },
      inputs: [{ kind: 'advance', toMs: 200 }],
    });
    expect(scenarioFromFragment(scenarioToFragment(run)).options).toMatchObject({ protocol: 'quorumkv' });
  });

  it('refuses bad scenarios naming the field and the limit', () => {
    const refusal = (attempt: () => unknown) => {
      try {
        attempt();
      } catch (error) {
        expect(error).toBeInstanceOf(ScenarioShareError);
        return (error as ScenarioShareError).message;
      }
      throw new Error('accepted a bad scenario');
    };
    expect(refusal(() => scenarioFromFragment('#run=abc'))).toMatch(/^fragment: must start with "#sim="/);
    expect(refusal(() => scenarioFromFragment('#sim=***'))).toMatch(/^fragment: must be base64url/);
    expect(refusal(() => scenarioFromFragment(`#sim=${'A'.repeat(fragmentCharsMax)}`))).toMatch(
      new RegExp(`^fragment: must be at most ${fragmentCharsMax} characters`),
    );
    const badNode = scenarioToFragment({
      seed: 1,
      inputs: [{ kind: 'client', node: '', op: { kind: 'get', key: 'k1' } }],
    });
    expect(refusal(() => scenarioFromFragment(badNode))).toMatch(
      /^fragment\.inputs\[0\]\.node: must name a node/,
    );
    const file = JSON.parse(scenarioToFile(typicalScenario())) as Record<string, unknown>;
    expect(refusal(() => scenarioFromFile(JSON.stringify({ ...file, seed: -1 })))).toMatch(
      /^seed: must be at least 0/,
    );
    expect(refusal(() => scenarioFromFile(JSON.stringify({ ...file, format: 'x' })))).toMatch(
      /^format: must be/,
    );
    expect(refusal(() => scenarioFromFile('{'))).toMatch(/^file: must be JSON/);
  });
});
