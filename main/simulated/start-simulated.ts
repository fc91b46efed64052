/**
 * What a simulated cluster starts from, and the start itself: a shared scenario (its options, seed and
 * inputs), or a topology (given, or the dialog's groups of six) with a protocol and a seed; then one
 * server per node, the run, its clock, and the session the console adopts.
 */
import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { invalidInput } from '../../app/contract/errors';
import { simulationLimits, type startSimulatedInputSchema } from '../../app/contract/simulation-commands';
import { defaultTopology, nodeLocations, validateTopology, type Topology } from '../../app/model/topology';
import type { SimInput, SimOptionsInput } from '../../app/simulator/inputs';
import { scenarioFromFragment } from '../../app/simulator/scenario-share';
import { FieldError } from '../../app/util/field-error';
import { topologyFromInput } from '../console/topology-input';
import { gridTopology } from './grid-topology';
import { SimClock } from './sim-clock';
import { SimServers } from './sim-servers';
import { SimulatedCluster, type SimulatedClusterListener } from './simulated-cluster';
import { SimulatedSession } from './simulated-session';

export type StartSimulatedArgs = z.output<typeof startSimulatedInputSchema>;

export interface SimulatedRun {
  seed: number;
  options: SimOptionsInput & { topology: Topology };
  inputs: SimInput[];
}

export function simulatedRunFrom(input: StartSimulatedArgs): SimulatedRun {
  const run = input.scenario ? scenarioRun(input) : freshRun(input);
  const count = nodeLocations(run.options.topology).length;
  if (count > simulationLimits.nodesMax) {
    throw invalidInput({
      field: input.scenario ? 'scenario' : 'topology',
      reason: `a simulated cluster has at most ${simulationLimits.nodesMax} nodes; this one has ${count}`,
      limit: simulationLimits.nodesMax,
    });
  }
  return run;
}

function freshRun(input: StartSimulatedArgs): SimulatedRun {
  const given = input.topology !== undefined || input.topologyText !== undefined;
  const topology = given ? topologyFromInput(input) : gridTopology(input.groups, input.protocol);
  return {
    seed: input.seed ?? randomInt(0, 2 ** 32 - 1),
    options: { protocol: input.protocol, topology: { ...topology, protocol: input.protocol } },
    inputs: [],
  };
}

function scenarioRun(input: StartSimulatedArgs): SimulatedRun {
  if (input.topology !== undefined || input.topologyText !== undefined) {
    throw invalidInput({ field: 'scenario', reason: 'give a scenario or a topology, not both' });
  }
  try {
    const run = scenarioFromFragment(input.scenario!);
    const options = run.options ?? {};
    const topology = options.topology ? validateTopology(options.topology) : defaultTopology();
    return { seed: run.seed, options: { ...options, topology }, inputs: run.inputs };
  } catch (error) {
    if (error instanceof FieldError) throw invalidInput(error.under('scenario'));
    throw error;
  }
}

/** Binds the nodes' services, builds the run (applying a scenario's inputs) and its clock. */
export async function startSimulatedSession(
  run: SimulatedRun,
  eventsKeptMax: number,
  listener: SimulatedClusterListener,
): Promise<SimulatedSession> {
  const { servers, topology } = await SimServers.bind(run.options.topology);
  try {
    const settings = {
      seed: run.seed,
      options: { ...run.options, topology },
      inputs: run.inputs,
      eventsKeptMax,
    };
    const cluster = new SimulatedCluster(settings, listener);
    const clock = new SimClock(cluster);
    servers.serve(topology, { cluster, clock, buildVersion: 'simulated' });
    return new SimulatedSession(topology, cluster, clock, servers);
  } catch (error) {
    servers.close();
    if (error instanceof FieldError) throw invalidInput(error.under('scenario'));
    throw error;
  }
}
