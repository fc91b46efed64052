/**
 * The simulated run as it stands, to hand to someone else (app/simulator/scenario-share.ts): its seed,
 * options and inputs as a `#sim=` URL fragment and as a file. The nodes' ports are this console's own
 * (a simulated node listens wherever the system put it), so the default topology travels as the
 * default, and any other with the ports it has: the opening console binds its own either way.
 */
import { defaultTopology, nodeLocations, type Topology } from '../../app/model/topology';
import { withPorts } from '../../app/model/topology-ports';
import { exportRun } from '../../app/simulator/run-export';
import { fragmentCharsMax, scenarioToFile, scenarioToFragment } from '../../app/simulator/scenario-share';
import type { ConsoleContext } from '../console/console-context';
import { requireSimulated } from '../simulated/simulation-commands';

export function shareScenario(context: ConsoleContext) {
  const session = requireSimulated(context);
  const exported = exportRun(session.cluster.history);
  const topology = sharedTopology(session.topology);
  const run = { ...exported, options: { ...exported.options, topology } };
  const fragment = scenarioToFragment(run);
  return {
    fragment: fragment.length <= fragmentCharsMax ? fragment : '',
    fileName: `paxoscope-scenario-seed${run.seed}-step${session.cluster.stepCount}.json`,
    file: scenarioToFile(run),
    inputCount: run.inputs.length,
  };
}

/** The default topology when this is it at other ports; otherwise the topology as it runs. */
function sharedTopology(running: Topology): Topology {
  const ports = nodeLocations(running).map((node) => node.port);
  const standard = { ...defaultTopology(), protocol: running.protocol };
  if (nodeLocations(standard).length !== ports.length) return running;
  return JSON.stringify(withPorts(standard, ports)) === JSON.stringify(running) ? standard : running;
}
