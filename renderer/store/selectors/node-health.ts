/**
 * One word for how a node is doing, combining what main knows of its process, what the node itself said
 * in its events, and whether the partition cuts it off. The topology, the inspector and the quorum all
 * read it from here.
 */
import type { NodeView } from '../../../app/contract/console-state';
import { canReach, type FaultState } from '../../../app/model/fault-model';
import type { NodeLocation } from '../../../app/model/topology';
import type { NodeId } from '../../../app/paxos/types';
import type { NodeActivity } from '../observed-cluster';

export type NodeHealth =
  'up' | 'starting' | 'paused' | 'killed' | 'down' | 'learnerOnly' | 'cutOff' | 'unreachable' | 'unknown';

/** Plain words for each health, for labels, tooltips and the inspector. */
export const healthLabels: Record<NodeHealth, string> = {
  up: 'up',
  starting: 'starting',
  paused: 'paused',
  killed: 'killed',
  down: 'down',
  learnerOnly: 'learner-only',
  cutOff: 'cut off',
  unreachable: 'unreachable',
  unknown: 'unknown',
};

/** Process states come first (a killed node is killed whatever it last said), then the node's own word. */
export function nodeHealth(
  node: NodeView | undefined,
  activity: NodeActivity | undefined,
  cutOff: boolean,
): NodeHealth {
  if (node) {
    if (node.process === 'killed') return 'killed';
    if (node.process === 'exited' || node.process === 'stopped') return 'down';
    if (node.process === 'paused' || node.pausedBy !== null) return 'paused';
    if (node.process === 'starting') return 'starting';
  }
  if (activity?.lifecycle === 'stopped') return 'down';
  if (activity?.lifecycle === 'paused') return 'paused';
  if (node?.learnerOnly || activity?.learnerOnly) return 'learnerOnly';
  if (cutOff) return 'cutOff';
  if (node?.health === 'unreachable') return 'unreachable';
  if (!node && !activity) return 'unknown';
  return 'up';
}

/** Whether a node in this health takes part in Paxos (promises and accepts). */
export function votes(health: NodeHealth): boolean {
  return health === 'up' || health === 'cutOff' || health === 'unreachable';
}

/** Whether two nodes can exchange messages both ways under the partition. */
export function talkBothWays(faults: FaultState, a: NodeId, b: NodeId): boolean {
  return canReach(faults, a, b) && canReach(faults, b, a);
}

/**
 * A node is cut off when it can no longer talk both ways with any node of another datacenter in its
 * group: every key it holds then lacks a reachable second replica.
 */
export function isCutOff(faults: FaultState, node: NodeLocation, all: readonly NodeLocation[]): boolean {
  const others = all.filter(
    (other) => other.groupId === node.groupId && other.datacenterId !== node.datacenterId,
  );
  if (others.length === 0) return false;
  return others.every((other) => !talkBothWays(faults, node.id, other.id));
}
