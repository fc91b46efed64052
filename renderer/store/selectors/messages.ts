/**
 * Messages as the views need them: the ones in the air, the held ones waiting for a click, and the send
 * and receive events of one message for the timeline's inspector.
 */
import type { MessageView, ObservedCluster, RecordedEvent } from '../observed-cluster';

export function messagesInFlight(observed: ObservedCluster): MessageView[] {
  return Object.values(observed.inFlight);
}

/** Held messages, oldest first, for the hold tray. */
export function heldMessages(observed: ObservedCluster): MessageView[] {
  return messagesInFlight(observed)
    .filter((message) => message.state === 'held')
    .sort((a, b) => a.sentN - b.sentN);
}

/** The message a transport event belongs to, wherever it is now (in the air or finished). */
export function messageById(observed: ObservedCluster, id: string): MessageView | undefined {
  return observed.inFlight[id] ?? observed.finished.findLast((message) => message.id === id);
}

export interface MessagePair {
  message: MessageView;
  send: RecordedEvent | null;
  receive: RecordedEvent | null;
}

/** For an event of a message, the message and both of its ends that are still in the recent window. */
export function messagePairOf(observed: ObservedCluster, event: RecordedEvent): MessagePair | null {
  if (!('messageId' in event)) return null;
  const message = messageById(observed, event.messageId);
  if (!message) return null;
  const find = (n: number | null) => (n === null ? null : (recentEvent(observed, n) ?? null));
  return { message, send: find(message.sendEventN), receive: find(message.receiveEventN) };
}

/** The recorded event with ordinal n, if still in the recent window (ordinals are consecutive). */
export function recentEvent(observed: ObservedCluster, n: number): RecordedEvent | undefined {
  const first = observed.recent[0];
  if (!first) return undefined;
  return observed.recent[n - first.n];
}
