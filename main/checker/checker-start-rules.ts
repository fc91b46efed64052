/** Why a checked run cannot start on this cluster, as contract errors naming the field and the limit. */
import type { CommandArgs } from '../../app/contract/console-contract';
import { checkerRunLimits } from '../../app/contract/checker-run';
import { processFaultKinds } from '../../app/contract/checker-vocabulary';
import { contractFailure } from '../../app/contract/errors';
import type { ProtocolName } from '../../app/protocol/protocol';
import { oneReplicaReadProtocols } from '../harness/read-paths';

export interface StartContext {
  mode: 'spawned' | 'attached' | 'simulated';
  phase: string;
  nodeCount: number;
  protocol: ProtocolName;
}

/** A nemesis needs two nodes: one to fault and one to keep serving. */
export const nemesisNodesMin = 2;

export function refuseBadStart(input: CommandArgs<'startCheckerRun'>, context: StartContext): void {
  if (context.phase !== 'running') {
    throw contractFailure(
      'INVALID_STATE',
      '(cluster)',
      `the cluster is ${context.phase}; wait until it runs`,
    );
  }
  const signalling = input.nemesis.filter((kind) => processFaultKinds.includes(kind));
  if (context.mode === 'attached' && signalling.length > 0) {
    throw contractFailure(
      'INVALID_INPUT',
      'nemesis',
      `${signalling.join(' and ')} act on agent processes (kill -9, restart, SIGSTOP), which an attached cluster cannot; leave them out`,
    );
  }
  if (input.readMode === 'one-replica-read' && !oneReplicaReadProtocols.includes(context.protocol)) {
    throw contractFailure(
      'INVALID_INPUT',
      'readMode',
      `${context.protocol} keeps no copy of a key one replica could answer from alone; one-replica reads work on ${oneReplicaReadProtocols.join(' and ')}`,
    );
  }
  if (input.nemesis.length > 0 && context.nodeCount < nemesisNodesMin) {
    throw contractFailure(
      'INVALID_INPUT',
      'nemesis',
      `a nemesis needs at least ${nemesisNodesMin} nodes; this cluster has ${context.nodeCount}`,
      nemesisNodesMin,
    );
  }
}

/** Refuses a run that would plan more operations than a snapshot should carry; names the duration's limit at this rate. */
export function refuseTooManyOperations(input: CommandArgs<'startCheckerRun'>): void {
  const planned = (input.rateOpsPerSecond * input.durationMs) / 1000;
  if (planned <= checkerRunLimits.plannedOperationsMax) return;
  const durationMsMax = Math.floor((checkerRunLimits.plannedOperationsMax / input.rateOpsPerSecond) * 1000);
  throw contractFailure(
    'INVALID_INPUT',
    'durationMs',
    `at ${input.rateOpsPerSecond} operations/s a run may last at most ${durationMsMax} ms (${checkerRunLimits.plannedOperationsMax} operations); got ${input.durationMs}`,
    durationMsMax,
  );
}
