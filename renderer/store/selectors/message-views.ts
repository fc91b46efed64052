/**
 * Messages as the views need them: the ones in the air, the held ones waiting for a click, and a message
 * with its send and receive events for the timeline's inspector.
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

/** The recorded event with ordinal n, if still in the recent window (ordinals are consecutive). */
export function recentEvent(observed: ObservedCluster, n: number): RecordedEvent | undefined {
  const first = observed.recent[0];
  if (!first) return undefined;
  return observed.recent[n - first.n];
}
