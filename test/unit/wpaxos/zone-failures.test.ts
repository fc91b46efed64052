import { describe, expect, it } from 'vitest';
import { randomRun } from '../../../app/simulator/random-run';
import { Simulation } from '../../../app/simulator/simulation';
import type { WPaxosNodeState } from '../../../app/wpaxos/types';
import { GridCluster, put } from './grid-cluster';

describe('WPaxos with F = 0 and F = 1', () => {
  it('F = 0: a steal needs every zone, a write then commits inside one zone', () => {
    const cluster = new GridCluster(0);
    cluster.down.add('n5');
    cluster.client('n0', put('r1', 'k1', 'a'));
    cluster.run(5);
    expect(cluster.eventsOf('stole')).toEqual([]);
    cluster.down.delete('n5');
    cluster.run(60);
    expect(cluster.reply('r1')).toMatchObject({ ok: true, version: 1 });
    // Zone 3 (n2, n5) may now fall away: Q2 is one zone's majority.
    cluster.down.add('n2').add('n5');
    cluster.client('n0', put('r2', 'k1', 'b'));
    cluster.run(5);
    expect(cluster.reply('r2')).toMatchObject({ ok: true, version: 2 });
  });

  it('F = 1: a steal succeeds with a zone down, and a write needs majorities in two zones', () => {
    const cluster = new GridCluster(1);
    cluster.down.add('n2').add('n5');
    cluster.client('n0', put('r1', 'k1', 'a'));
    cluster.run(5);
    const stole = cluster.eventsOf('stole');
    expect(stole.map(({ node, event }) => [node, event.promisedZones])).toEqual([['n0', [0, 1]]]);
    expect(cluster.reply('r1')).toMatchObject({ ok: true, version: 1 });
    const chosen = cluster.eventsOf('slotChosen').find(({ node }) => node === 'n0')!;
    expect(chosen.event.q2Zones).toEqual([0, 1]);
    // With zone 2 down as well, only zone 1 is left: no Q2, so the write waits.
    cluster.down.add('n1');
    cluster.client('n0', put('r2', 'k1', 'b'));
    cluster.run(5);
    expect(cluster.reply('r2')).toBeUndefined();
    cluster.down.delete('n1');
    cluster.run(10);
    expect(cluster.reply('r2')).toMatchObject({ ok: true, version: 2 });
  });

  it('refuses F outside 0..2 when a node starts, naming the field', () => {
    expect(() => new GridCluster(3)).toThrow(/config\.zoneFailures/);
  });
});

describe("F from the topology, in the simulator's runs", () => {
  it('hands the topology zoneFailures to every WPaxos core, and random runs draw F = 1 for some seeds', () => {
    const seeds = Array.from({ length: 40 }, (_, index) => index + 1);
    const withF1 = seeds.filter((seed) => randomRun(seed, 'wpaxos').options?.topology?.zoneFailures === 1);
    expect(withF1.length).toBeGreaterThan(5);
    expect(withF1.length).toBeLessThan(35);
    const run = randomRun(withF1[0]!, 'wpaxos');
    const simulation = new Simulation(run.seed, run.options);
    const cores = Object.values(simulation.state.nodes).map((node) => node.core as WPaxosNodeState);
    expect(cores.map((core) => core.zoneFailures)).toEqual(cores.map(() => 1));
    expect(randomRun(1, 'paxoskv').options?.topology?.zoneFailures).toBeUndefined();
  });
});
