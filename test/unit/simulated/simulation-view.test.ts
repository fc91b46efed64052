/**
 * The simulation panel's view of a run: pending messages and timers, the branch tree, and a safety
 * check that breaks turning red with its step and the events of that step, then green again after a
 * step back to before it (the checkers are rewound with the run).
 */
import { describe, expect, it } from 'vitest';
import { gridTopology } from '../../../main/simulated/grid-topology';
import { SimClock } from '../../../main/simulated/sim-clock';
import { SimulatedCluster } from '../../../main/simulated/simulated-cluster';
import { simulationView } from '../../../main/simulated/simulation-view';
import type { SimulatedSession } from '../../../main/simulated/simulated-session';

function started() {
  const cluster = new SimulatedCluster(
    { seed: 3, options: { topology: gridTopology(1, 'paxoskv') }, inputs: [], eventsKeptMax: 10_000 },
    { onRewrite: () => {}, onChange: () => {} },
  );
  const session = { cluster, clock: new SimClock(cluster) } as unknown as SimulatedSession;
  return { cluster, view: () => simulationView(session, null) };
}

describe('the simulation view', () => {
  it('lists the messages on the wire and the proposer timers of a write in flight', () => {
    const { cluster, view } = started();
    void cluster.request('n0', {
      requestId: 'r1',
      operation: { kind: 'put', key: 'k1', value: new TextEncoder().encode('v') },
    });
    cluster.input({ kind: 'step' });
    const shown = view();
    expect(shown.messages.length).toBeGreaterThan(0);
    expect(shown.messages[0]!.text).toMatch(/k1#1/);
    expect(shown.timers.some((timer) => /k1 round timeout/.test(timer.what))).toBe(true);
    expect(shown.timers.at(-1)).toMatchObject({ node: 'all', what: 'tick' });
    cluster.input({ kind: 'deliver', wireId: shown.messages[0]!.wireId });
    expect(view().messages.map((message) => message.wireId)).not.toContain(shown.messages[0]!.wireId);
  });

  it('a broken check turns red naming its step and events, and a step back before it clears it', () => {
    const { cluster, view } = started();
    for (let i = 0; i < 30; i += 1) cluster.input({ kind: 'step' });
    const before = cluster.stepCount;
    // A violation as the safety checker reports one, found while the next step runs.
    cluster.checkers[0].violations.push({
      atMs: cluster.sim.nowMs,
      invariant: 'one-value-chosen',
      detail: 'k1#1: n2 sent chosen c2, but c1 was chosen',
    });
    cluster.input({ kind: 'step' });
    const red = view().invariants.find((invariant) => invariant.id === 'one-value-chosen')!;
    expect(red.ok).toBe(false);
    expect(red.broken).toMatchObject({ step: before + 1 });
    expect(red.broken!.detail).toContain('n2 sent chosen c2');
    expect(view().invariants.filter((invariant) => !invariant.ok)).toHaveLength(1);
    cluster.back(2);
    expect(view().invariants.every((invariant) => invariant.ok)).toBe(true);
  });

  it('shows the branch tree with the current branch', () => {
    const { cluster, view } = started();
    for (let i = 0; i < 10; i += 1) cluster.input({ kind: 'step' });
    cluster.back(4);
    cluster.input({ kind: 'step' });
    const shown = view();
    expect(shown.currentBranchId).toBe(2);
    expect(shown.branches).toEqual([
      expect.objectContaining({ id: 1, parentId: null, endStep: 10 }),
      expect.objectContaining({ id: 2, parentId: 1, forkStep: 6, endStep: 7 }),
    ]);
  });
});
