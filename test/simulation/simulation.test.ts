import { describe, expect, it } from 'vitest';
import { parseClusterEvent, type ClusterEvent } from '../../app/model/cluster-event';
import { placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import { createClusterEventRecorder } from '../../app/simulator/cluster-events';
import { History } from '../../app/simulator/time-travel';
import { SimulationError } from '../../app/simulator/inputs';
import { randomRun } from '../../app/simulator/random-run';
import { exportRun, replayRun } from '../../app/simulator/run-export';
import { liveMessages } from '../../app/simulator/sim-network';
import { Simulation } from '../../app/simulator/simulation';
import { stabilize } from '../../app/simulator/stabilize';
import { createTraceRecorder } from '../../app/simulator/trace';
import { paxosState } from '../../app/protocol/registry';

function traced(seed: number, options = {}) {
  const lines: string[] = [];
  const history = new History(
    new Simulation(seed, options, [createTraceRecorder((line) => lines.push(line), 'paxoskv')]),
  );
  return { history, sim: history.sim, lines };
}

function replayedTrace(exported: unknown): string[] {
  const lines: string[] = [];
  replayRun(JSON.parse(JSON.stringify(exported)), [
    createTraceRecorder((line) => lines.push(line), 'paxoskv'),
  ]);
  return lines;
}

describe('simulation', () => {
  it('replays a random run from its exported { seed, inputs } to the identical trace', () => {
    const run = randomRun(4242);
    const lines: string[] = [];
    const history = replayRun({ seed: run.seed, options: run.options, inputs: run.inputs }, [
      createTraceRecorder((line) => lines.push(line), 'paxoskv'),
    ]);
    expect(lines.length).toBeGreaterThan(500);
    expect(replayedTrace(exportRun(history))).toEqual(lines);
  });

  it('gives different runs for different seeds', () => {
    const a = traced(1, { latencyMinMs: 1, latencyMaxMs: 9 });
    const b = traced(2, { latencyMinMs: 1, latencyMaxMs: 9 });
    for (const { history } of [a, b]) {
      history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'x' } });
      history.apply({ kind: 'advance', toMs: 200 });
    }
    expect(a.lines).not.toEqual(b.lines);
  });

  it('a crash loses unsynced writes but keeps synced promises, and the node restarts from them', () => {
    const { history, sim, lines } = traced(1);
    history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'v1' } });
    stabilize(history);
    const n0 = sim.state.nodes.n0!;
    // The chosen mark is written without sync; the accept before it was synced.
    expect(Object.keys(n0.storage.unsynced)).toEqual(['k1']);
    history.apply({ kind: 'crash', node: 'n0' });
    expect(n0.core).toBeNull();
    expect(lines.at(-1)).toMatch(/^t=\d+ n0 crash lost unsynced k1$/);
    history.apply({ kind: 'restart', node: 'n0' });
    const restored = paxosState(n0.core!).records.k1!.instances[0]!;
    expect(restored).toMatchObject({ index: 1, chosen: false, accepted: { counter: 1 } });
  });

  it('crash after persist: the node writes, then dies before sending anything', () => {
    const { history, sim, lines } = traced(1);
    history.apply({ kind: 'crash', node: 'n2', point: 'afterPersist' });
    history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'v1' } });
    expect(sim.state.nodes.n2!.core).toBeNull();
    expect(lines.slice(-2)).toEqual(['t=0 n2 persist k1 [#1 p(1,1)] sync', 't=0 n2 crash after persist']);
    expect(liveMessages(sim.state.network)).toEqual([]);
  });

  it('teaching mode delivers, drops and duplicates chosen messages, in any order', () => {
    const { history, sim } = traced(1);
    history.apply({ kind: 'fault', change: { kind: 'hold' } });
    history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'v1' } });
    const [toN4, toN0] = liveMessages(sim.state.network);
    expect([toN4?.message.to, toN0?.message.to, toN4?.held]).toEqual(['n4', 'n0', true]);
    history.apply({ kind: 'duplicate', wireId: toN0!.wireId });
    history.apply({ kind: 'drop', wireId: toN4!.wireId });
    history.apply({ kind: 'deliver', wireId: toN0!.wireId });
    const after = liveMessages(sim.state.network).map(
      (wire) => `${wire.message.from}->${wire.message.to} ${wire.message.type}`,
    );
    expect(after).toEqual(['n2->n0 prepare', 'n0->n2 promise']);
    expect(() => history.apply({ kind: 'deliver', wireId: toN4!.wireId })).toThrow(SimulationError);
  });

  it('a paused node keeps what reaches it and processes it on resume', () => {
    const { history, sim } = traced(1);
    history.apply({ kind: 'fault', change: { kind: 'pause', node: 'n4' } });
    history.apply({ kind: 'client', node: 'n4', op: { kind: 'get', key: 'k1' } });
    history.apply({ kind: 'advance', toMs: 50 });
    expect(sim.state.calls.c1!.reply).toBeNull();
    expect(sim.state.nodes.n4!.inbox).toHaveLength(1);
    history.apply({ kind: 'fault', change: { kind: 'resume', node: 'n4' } });
    stabilize(history);
    expect(sim.state.calls.c1!.reply).toMatchObject({ ok: true, value: null });
  });

  it('a wiped node comes back learner-only with an empty disk', () => {
    const { history, sim } = traced(1);
    history.apply({ kind: 'client', node: 'n2', op: { kind: 'put', key: 'k1', value: 'v1' } });
    stabilize(history);
    history.apply({ kind: 'wipe', node: 'n0' });
    expect(paxosState(sim.state.nodes.n0!.core!).learner).not.toBeNull();
    expect(sim.state.nodes.n0!.storage.durable).toEqual({});
  });

  it('refuses bad inputs naming the field', () => {
    const { history } = traced(1);
    const attempts: [unknown, string][] = [
      [{ kind: 'client', node: 'n9', op: { kind: 'get', key: 'k1' } }, 'input.node'],
      [
        { kind: 'client', node: 'n1', op: { kind: 'cas', key: 'k1', value: 'x', expectedVersion: -1 } },
        'input.op.expectedVersion',
      ],
      [{ kind: 'restart', node: 'n1' }, 'input.node'],
      [{ kind: 'advance', toMs: 86_400_001 }, 'input.toMs'],
      [
        { kind: 'fault', change: { kind: 'link', rule: { from: 'n0', to: 'n1', dropProbability: 2 } } },
        'input.change.rule.dropProbability',
      ],
      [{ kind: 'deliver', wireId: 77 }, 'input.wireId'],
    ];
    for (const [input, field] of attempts) {
      expect(() => history.apply(input as never), JSON.stringify(input)).toThrow(
        expect.objectContaining({ field }),
      );
    }
    expect(() => new Simulation(1, { latencyMinMs: 5, latencyMaxMs: 2 })).toThrow(
      expect.objectContaining({ field: 'options.latencyMaxMs' }),
    );
  });
});

describe('cluster events', () => {
  it('turns a random run into valid ClusterEvents with gap-free per-agent sequence numbers', () => {
    const run = randomRun(99);
    const events: ClusterEvent[] = [];
    const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
    replayRun({ seed: run.seed, options: run.options, inputs: run.inputs }, [
      createClusterEventRecorder(nodes, (event) => events.push(event)),
    ]);
    const lastSeq = new Map<string, number>();
    for (const event of events) {
      expect(parseClusterEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
      expect(event.seq).toBe((lastSeq.get(event.agent) ?? 0) + 1);
      lastSeq.set(event.agent, event.seq);
    }
    const types = new Set(events.map((event) => event.type));
    for (const type of [
      'messageSent',
      'messageReceived',
      'messageDropped',
      'chosen',
      'plogWritten',
      'faultApplied',
      'nodeStarted',
    ]) {
      expect(types).toContain(type);
    }
    const sent = new Set(
      events.filter((e) => e.type === 'messageSent').map((e) => 'messageId' in e && e.messageId),
    );
    const received = events.filter((e) => e.type === 'messageReceived');
    expect(received.every((e) => 'messageId' in e && sent.has(e.messageId))).toBe(true);
  });
});

describe('cluster events of other protocols', () => {
  it.each(['quorumkv', 'multipaxos'] as const)(
    'a %s run reads as its agents do: valid events, its messages and its steps',
    (protocol) => {
      const run = randomRun(99, protocol);
      const events: ClusterEvent[] = [];
      const nodes = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5'];
      replayRun({ seed: run.seed, options: run.options, inputs: run.inputs }, [
        createClusterEventRecorder(nodes, (event) => events.push(event), protocol),
      ]);
      for (const event of events) expect(parseClusterEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
      const types = new Set(events.map((event) => event.type));
      for (const type of ['messageSent', 'messageReceived', 'protocolStep', 'replied'])
        expect(types).toContain(type);
      const steps = events.filter((event) => event.type === 'protocolStep');
      expect(steps.every((event) => event.type === 'protocolStep' && event.protocol === protocol)).toBe(true);
    },
  );
});

describe('topologies', () => {
  it('builds every group of a larger topology and serves keys on each', () => {
    const datacenters = [1, 2, 3].map((d) => ({
      id: `dc${d}`,
      miniClusters: [1, 2].map((m) => ({
        id: `dc${d}-mc${m}`,
        nodes: [0, 1].map((slot) => ({ id: `d${d}m${m}s${slot}`, port: 7000 + d * 100 + m * 10 + slot })),
      })),
    }));
    const history = new History(new Simulation(3, { topology: { datacenters } }));
    expect(history.sim.state.nodeOrder).toHaveLength(12);
    for (const key of ['a', 'b', 'c', 'd']) {
      const node = placeKey(placementGroups(history.sim.topology), key).replicas[0];
      history.apply({ kind: 'client', node, op: { kind: 'put', key, value: key } });
    }
    stabilize(history);
    const replies = Object.values(history.sim.state.calls).map((call) => call.reply?.ok);
    expect(replies).toEqual([true, true, true, true]);
    const groupsUsed = new Set(
      ['a', 'b', 'c', 'd'].map((key) => placeKey(placementGroups(history.sim.topology), key).groupId),
    );
    expect(groupsUsed.size).toBe(2);
  });
});
