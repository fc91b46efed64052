/**
 * How big a simulated cluster may be: 1 to 4 groups of six from the dialog (24 nodes, the largest
 * even count under 27, since every topology has 2-node mini-clusters in 3 datacenters), any topology
 * up to 27 nodes; more is refused naming the field and the limits. Every protocol runs on 24 nodes.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandInput } from '../../../app/contract/console-contract';
import { ContractFailure } from '../../../app/contract/errors';
import { simulationLimits } from '../../../app/contract/simulation-commands';
import { nodeLocations } from '../../../app/model/topology';
import { protocolNames } from '../../../app/protocol/protocol';
import { Simulation } from '../../../app/simulator/simulation';
import { gridTopology } from '../../../main/simulated/grid-topology';
import { simulatedRunFrom } from '../../../main/simulated/start-simulated';

function failureOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ContractFailure) return error.error;
    throw error;
  }
  throw new Error('expected a ContractFailure');
}

describe('the size of a simulated cluster', () => {
  it('refuses a fifth group naming the field, the range and why 27 is not offered', () => {
    const refusal = failureOf(() => parseCommandInput('startSimulatedCluster', { groups: 5 }));
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT', field: 'groups' });
    expect(refusal.message).toMatch(/1 to 4 groups of six nodes \(6 to 24\)/);
    expect(refusal.message).toMatch(/27/);
    expect(failureOf(() => parseCommandInput('startSimulatedCluster', { groups: 0 }))).toMatchObject({
      field: 'groups',
    });
  });

  it('takes a given topology up to 27 nodes and refuses a larger one naming topology and the limit', () => {
    const run = (groups: number) =>
      simulatedRunFrom(
        parseCommandInput('startSimulatedCluster', { topology: gridTopology(groups, 'paxoskv') }),
      );
    expect(nodeLocations(run(4).options.topology)).toHaveLength(24);
    expect(failureOf(() => run(5))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'topology',
      limit: simulationLimits.nodesMax,
      message: expect.stringMatching(/at most 27 nodes; this one has 30/),
    });
  });

  it.each(protocolNames)('%s runs on the largest grid, 24 nodes, and a write is answered', (protocol) => {
    const topology = gridTopology(simulationLimits.groupsMax, protocol);
    const sim = new Simulation(1, { protocol, topology });
    sim.apply({ kind: 'client', node: 'n0', op: { kind: 'put', key: 'k1', value: 'v1' } });
    sim.apply({ kind: 'advance', toMs: sim.nowMs + 3000 });
    expect(Object.values(sim.state.calls).map((call) => call.reply?.ok)).toEqual([true]);
  });
});
