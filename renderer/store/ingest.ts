/**
 * The one way the console's picture of the cluster changes: `ingest(state, event) → state`, pure, no
 * React. `ingestBatch` folds many events with one copy of each touched part, which is how the store
 * keeps up with tens of thousands of events a second.
 */
import type { ClusterEvent } from '../../app/model/cluster-event';
import { protocolNamed } from '../../app/protocol/registry';
import { applyConsoleInput, isConsoleInput, type ConsoleInput } from './ingest-console';
import { noteLeadership } from './ingest-leadership';
import { ingestLifecycle } from './ingest-lifecycle';
import { ingestPLog, markSynced } from './ingest-plog';
import { ingestTransport } from './ingest-transport';
import { countEvent } from './node-event-counts';
import { defaultViewLimits, type ObservedCluster, type ViewLimits } from './observed-cluster';
import { ObservedDraft } from './observed-draft';

/** A message still flying (not held) after this long in event time never arrived; it is let go. */
export const lostAfterMs = 65_000;
/** Lost messages are looked for once per this many events, so a single-event ingest stays cheap. */
const sweepEvery = 256;

export function ingest(
  state: ObservedCluster,
  event: ClusterEvent,
  limits: ViewLimits = defaultViewLimits,
): ObservedCluster {
  return ingestBatch(state, [event], limits);
}

export function ingestBatch(
  state: ObservedCluster,
  inputs: readonly ObservedInput[],
  limits: ViewLimits = defaultViewLimits,
): ObservedCluster {
  if (inputs.length === 0) return state;
  const draft = new ObservedDraft(state, limits);
  for (const input of inputs) {
    if (isConsoleInput(input)) applyConsoleInput(draft, input);
    else applyEvent(draft, input);
  }
  if (Math.floor(state.eventCount / sweepEvery) !== Math.floor(draft.eventCount / sweepEvery)) {
    letGoOfLostMessages(draft);
  }
  return draft.result();
}

/** What the observed state is built from: cluster events, and inputs from the console itself. */
export type ObservedInput = ClusterEvent | ConsoleInput;

function applyEvent(draft: ObservedDraft, event: ClusterEvent): void {
  draft.eventCount += 1;
  draft.lastTimeMs = Math.max(draft.lastTimeMs, event.timeMs);
  const node = draft.node(event.agent);
  node.lastSeq = Math.max(node.lastSeq, event.seq);
  node.lastN = draft.eventCount;
  if (node.lifecycle === 'unknown') node.lifecycle = 'up';
  node.counters = countEvent(node.counters, event);
  draft.record({ ...event, n: draft.eventCount });
  switch (event.type) {
    case 'messageSent':
    case 'messageReceived':
    case 'messageDropped':
    case 'messageDelayed':
    case 'messageDuplicated':
    case 'messageHeld':
    case 'messageReleased':
      return ingestTransport(draft, event);
    case 'proposalStarted':
    case 'promised':
    case 'acceptedValue':
    case 'rejected':
    case 'chosen':
    case 'catchUp':
      return ingestPLog(draft, event);
    case 'nodeStarted':
    case 'nodePaused':
    case 'nodeResumed':
    case 'nodeStopped':
    case 'learnerOnly':
    case 'eventsDropped':
      return ingestLifecycle(draft, event);
    case 'plogWritten':
      if (event.synced) markSynced(draft, event.agent, event.keys);
      return;
    case 'protocolStep':
      // Another protocol's write is the key the lens follows, as a chosen value is.
      if (event.key !== undefined && protocolNamed(event.protocol).keyWriteSteps?.includes(event.step)) {
        draft.lastWrittenKey = event.key;
      }
      if (event.leadership) noteLeadership(draft, event.leadership);
      return;
    case 'readServed':
    case 'backoff':
    case 'replied':
    case 'inputRejected':
    case 'faultApplied':
      return;
  }
}

/**
 * Lets go of messages that flew longer than any delay rule allows (their receive was lost with a
 * watcher's dropped events) and of the oldest ones beyond the in-flight limit, so memory stays flat.
 */
function letGoOfLostMessages(draft: ObservedDraft): void {
  const messages = draft.inFlightMessages();
  const overLimit = messages.length - draft.limits.inFlightMax;
  const lost = messages.filter(
    (message) => message.state !== 'held' && draft.lastTimeMs - message.sentMs > lostAfterMs,
  );
  const oldest = overLimit > 0 ? [...messages].sort((a, b) => a.sentN - b.sentN).slice(0, overLimit) : [];
  for (const message of new Set([...lost, ...oldest])) {
    draft.finish({ ...message, state: 'dropped', endN: draft.eventCount, dropReason: 'never arrived' });
  }
}
