/**
 * Pairs a message's send, gate and receive events by message id into one MessageView. Agents emit a
 * send on the sender and a receive on the receiver, so either may arrive first in the merged stream.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { NodeId } from '../../app/paxos/types';
import type { MessageView } from './observed-cluster';
import type { ObservedDraft } from './observed-draft';

export type TransportEvent = Extract<
  ClusterEvent,
  {
    type:
      | 'messageSent'
      | 'messageReceived'
      | 'messageDropped'
      | 'messageDelayed'
      | 'messageDuplicated'
      | 'messageHeld'
      | 'messageReleased';
  }
>;

export function isTransportEvent(event: ClusterEvent): event is TransportEvent {
  return 'messageId' in event;
}

export function ingestTransport(draft: ObservedDraft, event: TransportEvent): void {
  const known = draft.message(event.messageId);
  if (!known && event.type === 'messageSent' && draft.isSendless(event.messageId)) {
    draft.markSendless(event.messageId, false);
    draft.amendFinished(event.messageId, (message) => ({ ...message, sendEventN: draft.eventCount }));
    return;
  }
  // A second receive (a duplicate) or a gate event after the end: the message is already finished.
  if (!known && event.type !== 'messageSent' && draft.wasFinished(event.messageId)) return;
  if (!known && (event.type === 'messageReceived' || event.type === 'messageDropped')) {
    draft.markSendless(event.messageId, true);
  }
  const message = known ?? firstSight(draft, event);
  switch (event.type) {
    case 'messageSent':
      draft.setInFlight({ ...message, sendEventN: draft.eventCount });
      return;
    case 'messageReceived':
      draft.finish({
        ...message,
        state: 'delivered',
        endN: draft.eventCount,
        receiveEventN: draft.eventCount,
      });
      return;
    case 'messageDropped':
      draft.finish({ ...message, state: 'dropped', endN: draft.eventCount, dropReason: event.reason });
      return;
    case 'messageDelayed':
      draft.setInFlight({ ...message, state: 'delayed', delayMs: event.delayMs });
      return;
    case 'messageDuplicated':
      draft.setInFlight({ ...message, duplicated: true });
      return;
    case 'messageHeld':
      draft.setInFlight({ ...message, state: 'held' });
      return;
    case 'messageReleased':
      releaseHeld(draft, message, event.action);
      return;
  }
}

function releaseHeld(draft: ObservedDraft, message: MessageView, action: 'deliver' | 'drop' | 'duplicate') {
  if (action === 'drop') {
    draft.finish({ ...message, state: 'dropped', endN: draft.eventCount, dropReason: 'held-drop' });
    return;
  }
  draft.setInFlight({
    ...message,
    state: 'flying',
    duplicated: message.duplicated || action === 'duplicate',
  });
}

/** A message first heard of through this event; its ends come from the id when the event is not the send. */
function firstSight(draft: ObservedDraft, event: TransportEvent): MessageView {
  const { from, to } = endsOf(event);
  return {
    id: event.messageId,
    type: event.messageType,
    from,
    to,
    key: event.key ?? null,
    index: event.index ?? null,
    ballot: event.ballot ?? null,
    state: 'flying',
    sentN: draft.eventCount,
    sentMs: event.timeMs,
    endN: null,
    sendEventN: null,
    receiveEventN: null,
    delayMs: null,
    dropReason: null,
    duplicated: false,
  };
}

/**
 * Sends name the receiver as peer and receives name the sender. Gate events (drop, delay, hold) may
 * happen on either side; message ids are `${sender}:${counter}`, which settles it.
 */
export function endsOf(event: TransportEvent): { from: NodeId; to: NodeId } {
  if (event.type === 'messageSent') return { from: event.agent, to: event.peer };
  if (event.type === 'messageReceived') return { from: event.peer, to: event.agent };
  const sender = event.messageId.slice(0, event.messageId.lastIndexOf(':'));
  return sender === event.peer
    ? { from: event.peer, to: event.agent }
    : { from: event.agent, to: event.peer };
}

/**
 * Messages to a node that went down never arrive, so they end as dropped. Messages it sent are left
 * alone: they may already be on the wire or held in the receiver's gate.
 */
export function dropMessagesTo(draft: ObservedDraft, node: NodeId, reason: string): void {
  for (const message of draft.inFlightMessages()) {
    if (message.to !== node) continue;
    draft.finish({ ...message, state: 'dropped', endN: draft.eventCount, dropReason: reason });
  }
}
