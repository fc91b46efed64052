/**
 * The caption band holds a live caption for captionHoldMs so a class can read it, but a step back or
 * a branch switch of a simulated cluster replaces it at once: the line held may be from the path just
 * left. The store is changed as main's messages change it: the console's events cleared, the new
 * present's events ingested, the simulation's view after the action.
 */
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { describe, expect, it } from 'vitest';
import { simulationViewSchema, type SimulationView } from '../../../app/contract/simulation-commands';
import { parseClusterEvent } from '../../../app/model/cluster-event';
import type { ConsoleClient } from '../../../renderer/client/console-client';
import { applyInputs } from '../../../renderer/store/connect-store';
import { emptyObservedCluster } from '../../../renderer/store/observed-cluster';
import { createConsoleStore } from '../../../renderer/store/store';
import { CaptionBand, simulationLeftPath } from '../../../renderer/views/topology/CaptionBand';
import { ConsoleProvider } from '../../../renderer/views/use-console';
import { useJsdomPage } from './jsdom-page';

const page = useJsdomPage();

const chosen = (agent: string, seq: number, index: number) =>
  parseClusterEvent({
    type: 'chosen',
    agent,
    seq,
    timeMs: seq,
    key: 'k1',
    index,
    requestId: 'r1',
    version: index,
  });

function simulation(stepCount: number, currentBranchId = 1): SimulationView {
  return simulationViewSchema.parse({
    seed: 1,
    protocol: 'paxoskv',
    nodeCount: 3,
    nowMs: stepCount,
    stepCount,
    running: false,
    pace: 1,
    holding: false,
    stepsAhead: 0,
    messages: [],
    timers: [],
    nextEventAtMs: null,
    invariants: [],
    invariantsChecked: true,
    branches: [],
    currentBranchId,
    lastRun: null,
  });
}

async function shownBand() {
  const store = createConsoleStore();
  const client = {} as ConsoleClient;
  const root = createRoot(page.container());
  await act(async () =>
    root.render(
      <ConsoleProvider consoleHandle={{ store, client }}>
        <CaptionBand />
      </ConsoleProvider>,
    ),
  );
  const text = () => page.container().textContent ?? '';
  const change = (apply: () => void) => act(async () => apply());
  return { store, text, change, unmount: () => act(async () => root.unmount()) };
}

describe('the caption band after the simulation leaves its path', () => {
  it('knows back, a replay and another branch from going on', () => {
    expect(simulationLeftPath(simulation(40), simulation(39))).toBe(true);
    expect(simulationLeftPath(simulation(40), simulation(40, 2))).toBe(true);
    expect(simulationLeftPath(simulation(40), simulation(41))).toBe(false);
    expect(simulationLeftPath(null, simulation(3))).toBe(false);
    expect(simulationLeftPath(simulation(3), null)).toBe(false);
  });

  it('holds a line while the run goes on, and replaces it at once after a step back', async () => {
    const band = await shownBand();
    await band.change(() => {
      band.store.setState({ simulation: simulation(10) });
      applyInputs(band.store, [chosen('n0', 1, 1)]);
    });
    expect(band.text()).toContain('n0 learns');
    await band.change(() => applyInputs(band.store, [chosen('n1', 2, 2)]));
    expect(band.text()).toContain('n0 learns'); // held: n1's line waits out the hold
    await band.change(() => band.store.setState({ observed: emptyObservedCluster(['n0', 'n1', 'n2']) }));
    expect(band.text()).toContain('Captions appear here');
    await band.change(() => applyInputs(band.store, [chosen('n2', 1, 1)]));
    expect(band.text()).toContain('n2 learns');
    await band.unmount();
  });

  it('replaces it at once when the simulation switches branch, whatever came first', async () => {
    const band = await shownBand();
    await band.change(() => {
      band.store.setState({ simulation: simulation(10) });
      applyInputs(band.store, [chosen('n0', 1, 1), chosen('n1', 2, 2)]);
    });
    expect(band.text()).toContain('n1 learns');
    await band.change(() => applyInputs(band.store, [chosen('n0', 3, 3)]));
    expect(band.text()).toContain('n1 learns');
    await band.change(() => band.store.setState({ simulation: simulation(12, 2) }));
    expect(band.text()).toContain('n0 learns');
    await band.unmount();
  });
});
