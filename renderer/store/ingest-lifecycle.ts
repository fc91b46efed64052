/**
 * A node's own account of its life (started, paused, resumed, stopped, learner-only, events dropped) and
 * the process changes main reports (killed, exited), kept as fault bands for the timeline.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { NodeId } from '../../app/paxos/types';
import type { FaultBandKind } from './observed-cluster';
import type { ObservedDraft } from './observed-draft';
import { dropMessagesTo } from './ingest-transport';

type LifecycleEvent = Extract<
  ClusterEvent,
  { type: 'nodeStarted' | 'nodePaused' | 'nodeResumed' | 'nodeStopped' | 'learnerOnly' | 'eventsDropped' }
>;

const downKinds: FaultBandKind[] = ['killed', 'stopped', 'paused'];

export function ingestLifecycle(draft: ObservedDraft, event: LifecycleEvent): void {
  const node = draft.node(event.agent);
  switch (event.type) {
    case 'nodeStarted':
      node.lifecycle = 'up';
      node.stoppedReason = null;
      draft.closeBands(event.agent, downKinds);
      setLearnerOnly(draft, event.agent, event.learnerOnly, 'restarted with a wiped disk');
      return;
    case 'nodePaused':
      node.lifecycle = 'paused';
      openOnce(draft, event.agent, 'paused', 'paused');
      return;
    case 'nodeResumed':
      node.lifecycle = 'up';
      draft.closeBands(event.agent, ['paused']);
      return;
    case 'nodeStopped':
      markDown(draft, event.agent, 'stopped', event.reason);
      return;
    case 'learnerOnly':
      setLearnerOnly(draft, event.agent, event.on, event.reason);
      return;
    case 'eventsDropped':
      node.eventsDropped += event.count;
      return;
  }
}

/**
 * Main saw the node's process end (SIGKILL or exit); a killed agent cannot say so itself. Running again
 * closes the band.
 */
export function noteProcessDown(
  draft: ObservedDraft,
  nodeId: NodeId,
  kind: 'killed' | 'stopped',
  why: string,
) {
  if (draft.hasOpenBand(nodeId, kind)) return;
  markDown(draft, nodeId, kind, why);
}

export function noteProcessUp(draft: ObservedDraft, nodeId: NodeId): void {
  draft.closeBands(nodeId, ['killed', 'stopped']);
}

function markDown(draft: ObservedDraft, nodeId: NodeId, kind: 'killed' | 'stopped', why: string): void {
  const node = draft.node(nodeId);
  node.lifecycle = 'stopped';
  node.stoppedReason = why;
  draft.closeBands(nodeId, ['paused']);
  openOnce(draft, nodeId, kind, why);
  dropMessagesTo(draft, nodeId, 'peer-down');
}

function setLearnerOnly(draft: ObservedDraft, nodeId: NodeId, on: boolean, why: string): void {
  draft.node(nodeId).learnerOnly = on;
  if (on) openOnce(draft, nodeId, 'learnerOnly', `learner-only: ${why}`);
  else draft.closeBands(nodeId, ['learnerOnly']);
}

function openOnce(draft: ObservedDraft, nodeId: NodeId, kind: FaultBandKind, label: string): void {
  if (draft.hasOpenBand(nodeId, kind)) return;
  draft.openBand({ node: nodeId, kind, startN: draft.eventCount, endN: null, label });
}
