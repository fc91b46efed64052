/** Counts what a node's events show it doing, for the node inspector. */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { NodeEventCounts } from './observed-cluster';

type PaxosCount = Exclude<keyof NodeEventCounts, 'protocolSteps'>;

const counted: Partial<Record<ClusterEvent['type'], PaxosCount>> = {
  proposalStarted: 'proposals',
  promised: 'promises',
  acceptedValue: 'accepts',
  rejected: 'rejections',
  chosen: 'chosen',
  catchUp: 'catchUps',
  readServed: 'readsServed',
  messageSent: 'messagesSent',
  messageReceived: 'messagesReceived',
  messageDropped: 'messagesDropped',
};

/** The counters after one more event of this node; the same object when the event counts nothing. */
export function countEvent(counters: NodeEventCounts, event: ClusterEvent): NodeEventCounts {
  if (event.type === 'protocolStep') {
    const steps = counters.protocolSteps;
    return { ...counters, protocolSteps: { ...steps, [event.step]: (steps[event.step] ?? 0) + 1 } };
  }
  const name = counted[event.type];
  if (!name) return counters;
  const next = { ...counters, [name]: counters[name] + 1 };
  if (event.type === 'proposalStarted' && event.fast) next.fastProposals += 1;
  return next;
}
