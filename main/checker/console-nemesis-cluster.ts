/**
 * The nemesis's view of the console's own cluster. Kills and restarts go through the same node
 * actions as the node menu, and fault changes through the console's FaultPlan as the fault panel's
 * do, so a checked run's faults show up in the console's fault state, node health and timeline bands,
 * and a restarted node gets the faults in force from the plan. SIGSTOP and SIGCONT go to the pid of an
 * agent the console spawned; the node then looks down to the console until it is continued.
 */
import { validateFaultChange, type FaultChangeInput } from '../../app/model/fault-model';
import type { NemesisCluster } from '../harness/nemesis-runner';
import { continueProcess, stopProcess } from '../harness/process-signals';
import { nodeAction } from '../console/cluster-commands';
import type { ConsoleContext } from '../console/console-context';

export function consoleNemesisCluster(context: ConsoleContext, nodeIds: readonly string[]): NemesisCluster {
  return {
    nodeIds,
    kill: async (nodeId) => void (await nodeAction(context, 'kill', nodeId)),
    restart: async (nodeId, wipe) =>
      void (await nodeAction(context, wipe ? 'wipeAndRestart' : 'restart', nodeId)),
    stopProcess: (nodeId) => stopProcess(spawnedPid(context, nodeId)),
    continueProcess: (nodeId) => continueProcess(spawnedPid(context, nodeId)),
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

/** The pid of an agent the console started and that runs now; a clear error otherwise. */
function spawnedPid(context: ConsoleContext, nodeId: string): number {
  const session = context.requireSession();
  const { pid } = session.processOf(nodeId);
  if (session.mode !== 'spawned') throw new Error(`cannot signal ${nodeId}: the console did not start it`);
  if (pid === null || pid === undefined)
    throw new Error(`cannot signal ${nodeId}: it has no running process`);
  return pid;
}
