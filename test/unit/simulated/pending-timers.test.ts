/**
 * The simulation panel's timers for every protocol: with a write waiting (every link held, so only
 * timers move it), each protocol lists a node's own next action, and firing it makes that node act then.
 */
import { describe, expect, it } from 'vitest';
import { protocolNames } from '../../../app/protocol/protocol';
import { gridTopology } from '../../../main/simulated/grid-topology';
import { pendingTimers } from '../../../main/simulated/pending-timers';
import { SimulatedCluster } from '../../../main/simulated/simulated-cluster';

function waitingWrite(protocol: (typeof protocolNames)[number]) {
  const cluster = new SimulatedCluster(
    {
      seed: 3,
      options: { protocol, topology: gridTopology(1, protocol) },
      inputs: [],
      eventsKeptMax: 10_000,
    },
    { onRewrite: () => {}, onChange: () => {} },
  );
  cluster.input({ kind: 'advance', toMs: 2000 });
  cluster.applyFault({ kind: 'hold' });
  for (const node of ['n0', 'n1', 'n2', 'n3', 'n4', 'n5']) {
    void cluster.request(node, {
      requestId: `r-${node}`,
      operation: { kind: 'put', key: 'k1', value: new TextEncoder().encode('v') },
    });
  }
  cluster.input({ kind: 'step' });
  return cluster;
}

describe('the timers a person may fire', () => {
  it.each(protocolNames)(
    '%s: lists a node timer, leaves the run as it was, and firing it makes the node act',
    (protocol) => {
      const cluster = waitingWrite(protocol);
      const before = structuredClone(cluster.sim.state.nodes);
      const timers = pendingTimers(cluster.sim, 200, true);
      expect(cluster.sim.state.nodes).toEqual(before);
      expect(timers.at(-1)).toMatchObject({ node: 'all', what: 'tick' });
      const first = timers.find((timer) => timer.node !== 'all')!;
      expect(first.atMs).toBeGreaterThan(cluster.sim.nowMs);
      expect(first.what).not.toBe('');
      cluster.fireTimerAt(first.atMs);
      expect(cluster.sim.nowMs).toBe(first.atMs);
      const acted = cluster.lastInputEvents.filter(
        (event) => event.agent === first.node && event.timeMs === first.atMs,
      );
      expect(acted.length).toBeGreaterThan(0);
    },
  );

  it('lists no probed timer while not asked to (the panel asks only while paused), PaxosKV still its own', () => {
    expect(pendingTimers(waitingWrite('multipaxos').sim, 200, false)).toEqual([
      expect.objectContaining({ node: 'all', what: 'tick' }),
    ]);
    expect(pendingTimers(waitingWrite('paxoskv').sim, 200, false).length).toBeGreaterThan(1);
  });
});
