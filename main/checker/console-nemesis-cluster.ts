/**
 * The nemesis's view of the console's own cluster. Kills and restarts go through the same node
 * actions as the node menu, and fault changes through the console's FaultPlan as the fault panel's
 * do, so a checked run's faults show up in the console's fault state, node health and timeline bands,
 * and a restarted node gets the faults in force from the plan.
 */
import { validateFaultChange, type FaultChangeInput } from '../../app/model/fault-model';
import type { NemesisCluster } from '../harness/nemesis-runner';
import { nodeAction } from '../console/cluster-commands';
import type { ConsoleContext } from '../console/console-context';

export function consoleNemesisCluster(context: ConsoleContext, nodeIds: readonly string[]): NemesisCluster {
  return {
    nodeIds,
    kill: async (nodeId) => void (await nodeAction(context, 'kill', nodeId)),
    restart: async (nodeId, wipe) =>
      void (await nodeAction(context, wipe ? 'wipeAndRestart' : 'restart', nodeId)),
    applyFault: async (change: FaultChangeInput) => {
      const outcome = await context.faults().apply(validateFaultChange(change));
      context.publishFaults();
      return outcome.unreached;
    },
    learnerOnly: (nodeId) =>
      context
        .requireClient(nodeId)
        .control.status()
        .then(
          (status) => status.learnerOnly,
          () => null,
        ),
  };
}
