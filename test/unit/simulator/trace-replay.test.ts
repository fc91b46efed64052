/**
 * A trace recorded from real agents (the cluster CLI's six agents, 2026-12-03: three writes and two
 * reads of k1 around a partition of dc1, then a heal; fixtures/real-agents.trace) replays in the
 * simulator, and a trace the simulation cannot follow says where it parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { formatTrace, parseTrace, type Trace } from '../../../app/model/trace-format';
import type { FaultChange } from '../../../app/model/fault-model';
import { createClusterEventRecorder } from '../../../app/simulator/cluster-events';
import type { SimInputDraft } from '../../../app/simulator/inputs';
import { replayRun } from '../../../app/simulator/run-export';
import { scenarioFromFragment, scenarioToFragment } from '../../../app/simulator/scenario-share';
import { Simulation } from '../../../app/simulator/simulation';
import { History } from '../../../app/simulator/time-travel';
import { replayTrace } from '../../../app/simulator/trace-replay';

const recorded = parseTrace(readFileSync(join(import.meta.dirname, 'fixtures', 'real-agents.trace'), 'utf8'));

function withoutEvents(trace: Trace, drop: (event: ClusterEvent) => boolean): Trace {
  return { ...trace, events: trace.events.filter((event) => !drop(event)) };
}

describe('trace replay', () => {
  it('replays a real trace: its requests, faults and every story event of every agent', () => {
    const replay = replayTrace(recorded);
    expect([...replay.requests.values()]).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
    expect(replay.run.inputs.filter((input) => input.kind !== 'advance').map((input) => input.kind)).toEqual([
      'client',
      'client',
      'client',
      'fault',
      'client',
      'fault',
      'client',
      'client',
    ]);
    expect(replay.skipped).toEqual([]);
    expect(replay.divergence).toBeNull();
    const chosen = recorded.events.filter((event) => event.type === 'chosen').length;
    expect(chosen).toBeGreaterThanOrEqual(12);
    expect(replay.matched).toBeGreaterThan(chosen);
  });

  it('names the first event where the runs part, with both sides', () => {
    // Without the heal, the simulated dc1 stays cut off, so n0's read cannot catch up as the real one did.
    const unhealed = withoutEvents(
      recorded,
      (event) => event.type === 'faultApplied' && event.description === 'heal',
    );
    const replay = replayTrace(unhealed);
    // The real n0 learned k1#3 from a peer and served its read; the simulated n0 heard from no peer.
    expect(replay.divergence).toMatchObject({
      agent: 'n0',
      real: { type: 'chosen', key: 'k1', index: 3 },
      simulated: { type: 'replied', ok: false, code: 'UNAVAILABLE' },
    });
    expect(replay.matched).toBeLessThan(replayTrace(recorded).matched);
  });

  it('says which events gave no input, and why', () => {
    const released: ClusterEvent = {
      agent: 'n0',
      seq: 999,
      timeMs: recorded.events[0]!.timeMs + 1,
      type: 'messageReleased',
      messageId: 'n0:999',
      messageType: 'accept',
      peer: 'n2',
      key: 'k1',
      index: 1,
      action: 'deliver',
    };
    const replay = replayTrace(parseTrace(formatTrace([released, ...recorded.events], recorded.topology)));
    expect(replay.skipped).toEqual(['n0 #999 messageReleased: no held message in the simulation matches it']);
  });

  it('gives a run that shares and replays like any scenario', () => {
    const { run } = replayTrace(recorded);
    expect(replayRun(scenarioFromFragment(scenarioToFragment(run))).sim.state).toEqual(
      replayRun(run).sim.state,
    );
  });
});

describe('trace replay of a simulated run', () => {
  /** A run's events as an agent would export them: the simulator describes itself as agents do. */
  function traceOf(inputs: SimInputDraft[]): { trace: Trace; faults: FaultChange[] } {
    const events: ClusterEvent[] = [];
    const faults: FaultChange[] = [];
    const sim = new Simulation(3, {}, []);
    sim.observers = [
      createClusterEventRecorder(sim.state.nodeOrder, (event) => events.push(event)),
      { onFault: (_nowMs, change) => faults.push(change) },
    ];
    const history = new History(sim);
    for (const input of inputs) history.apply(input);
    return { trace: { topology: sim.topology, events }, faults };
  }

  it('reads back every kind of fault, crash, restart and wipe, and follows the run to its end', () => {
    const put = (node: string, value: string): SimInputDraft => ({
      kind: 'client',
      node,
      op: { kind: 'put', key: 'k1', value },
    });
    const { trace, faults } = traceOf([
      put('n0', 'a'),
      { kind: 'advance', toMs: 50 },
      {
        kind: 'fault',
        change: { kind: 'partition', split: { sides: [['n0'], ['n2', 'n4']], oneWay: true } },
      },
      { kind: 'fault', change: { kind: 'cut', from: 'n2', to: 'n4' } },
      { kind: 'fault', change: { kind: 'link', rule: { from: 'n4', to: 'n0', delayMs: 7, jitterMs: 2 } } },
      { kind: 'fault', change: { kind: 'hold', link: { from: 'n1', to: 'n5' } } },
      { kind: 'fault', change: { kind: 'unhold', link: { from: 'n1', to: 'n5' } } },
      { kind: 'fault', change: { kind: 'pause', node: 'n3' } },
      { kind: 'fault', change: { kind: 'resume', node: 'n3' } },
      { kind: 'fault', change: { kind: 'heal' } },
      { kind: 'advance', toMs: 100 },
      { kind: 'crash', node: 'n2' },
      put('n4', 'b'),
      { kind: 'advance', toMs: 200 },
      { kind: 'restart', node: 'n2' },
      { kind: 'wipe', node: 'n0' },
      { kind: 'advance', toMs: 600 },
      put('n2', 'c'),
      { kind: 'advance', toMs: 900 },
    ]);
    const replay = replayTrace(trace, 3);
    const replayed = replay.run.inputs.flatMap((input) => (input.kind === 'fault' ? [input.change] : []));
    expect(replayed).toEqual(faults);
    const lifecycle = replay.run.inputs.filter((input) => ['crash', 'restart', 'wipe'].includes(input.kind));
    expect(lifecycle).toEqual([
      { kind: 'crash', node: 'n2', point: 'now' },
      { kind: 'restart', node: 'n2' },
      // A wiped agent's trace shows it stop, then start learner-only.
      { kind: 'crash', node: 'n0', point: 'now' },
      { kind: 'wipe', node: 'n0' },
    ]);
    expect(replay.skipped).toEqual([]);
    expect(replay.divergence).toBeNull();
    expect(replay.matched).toBeGreaterThan(20);
  });
});
