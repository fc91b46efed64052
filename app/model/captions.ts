/**
 * One plain-language line per event, naming the rule at work, for a class watching the cluster: the
 * live caption band and the event inspector. Pure and exhaustive over the event union, so a new event
 * kind does not compile until it has a caption.
 */
import { formatBallot } from '../paxos/ballot';
import { protocolStepTypes, type ClusterEvent } from './cluster-event';
import { inputRejectedCaption, repliedCaption } from './common-captions';

const messageWords: Record<string, string> = {
  prepare: 'a prepare',
  promise: 'a promise',
  accept: 'an accept',
  accepted: 'an accepted reply',
  fastAccept: 'a fast accept',
  fastAccepted: 'a fast-accepted reply',
  chosen: 'a chosen notice',
  getChosen: 'a catch-up request',
  readProbe: 'a read probe',
  probeReply: 'a probe reply',
  keyScan: 'a key scan',
  keyScanReply: 'a key-scan reply',
  replicaWrite: 'a replica write',
  replicaWriteAck: 'a replica-write ack',
  replicaRead: 'a replica read',
  replicaReadReply: 'a replica-read reply',
  viewChange: 'a view-change vote',
  commit: 'a commit notice',
  commitAck: 'a commit ack',
  forward: 'a forwarded request',
  catchUp: 'a catch-up request',
  catchUpReply: 'a catch-up reply',
  entryState: 'an entry-state exchange',
};

const dropReasons: Record<string, string> = {
  partition: 'a partition separates them',
  loss: 'the link is lossy and this one was lost',
  'held-drop': 'a person dropped it from the hold tray',
  'peer-down': 'the receiver is down',
  paused: 'the receiver is paused',
  malformed: 'it was malformed',
  'gate-full': 'the fault gate was already full',
};

/** "k1#3", or just the key, or "" when the event concerns none. */
function where(event: ClusterEvent): string {
  if (event.key === undefined) return '';
  return event.index !== undefined && event.index > 0 ? `${event.key}#${event.index}` : event.key;
}

function ballotText(event: ClusterEvent): string {
  return event.ballot ? formatBallot(event.ballot) : 'b(?)';
}

function requestText(requestId: string): string {
  return requestId === '' ? 'a no-op (the previous value again)' : `request ${requestId}`;
}

function messageCaption(event: Extract<ClusterEvent, { messageType: string }>): string {
  const what = messageWords[event.messageType] ?? event.messageType;
  const { agent: self, peer } = event;
  switch (event.type) {
    case 'messageSent':
      return `${self} sends ${what} to ${peer}.`;
    case 'messageReceived':
      return `${self} receives ${what} from ${peer}.`;
    case 'messageDropped':
      return `${what[0]!.toUpperCase()}${what.slice(1)} between ${self} and ${peer} is lost: ${dropReasons[event.reason] ?? event.reason}.`;
    case 'messageDelayed':
      return `${self} holds back ${what} to ${peer} for ${Math.round(event.delayMs)} ms: the link is slow.`;
    case 'messageDuplicated':
      return `The link delivers ${what} from ${self} to ${peer} twice; Paxos must not care.`;
    case 'messageHeld':
      return `${what[0]!.toUpperCase()}${what.slice(1)} from ${self} to ${peer} waits in the hold tray for a click.`;
    case 'messageReleased':
      return `A person ${event.action === 'deliver' ? 'delivers' : event.action === 'drop' ? 'drops' : 'duplicates'} ${what} from ${self} to ${peer}.`;
  }
}

function coreCaption(event: Exclude<ClusterEvent, { messageType: string }>): string {
  const { agent: self } = event;
  const at = where(event);
  switch (event.type) {
    case 'proposalStarted':
      if (event.fast) {
        return `${self} owns ${event.key ?? 'the key'}'s last chosen value, so it proposes ${requestText(event.requestId)} at ${at} with ballot ${ballotText(event)} and no prepare: the fast path, one round trip.`;
      }
      return `${self} prepares ${at} with ballot ${ballotText(event)} for ${requestText(event.requestId)}: it must learn what a majority may already have accepted before it proposes.`;
    case 'promised':
      return `${self} promises ballot ${ballotText(event)} at ${at} to ${event.peer}: it will refuse anything lower from now on, and reports any value it accepted there before.`;
    case 'acceptedValue':
      return `${self} accepts ${requestText(event.requestId)} at ${at} with ballot ${ballotText(event)}, on disk before it says so.`;
    case 'rejected':
      return `${self} refuses the ${event.what === 'fastAccept' ? 'fast accept' : event.what} at ${at} with ballot ${ballotText(event)}: it already promised ${formatBallot(event.by)}.`;
    case 'chosen':
      return `${self} learns ${requestText(event.requestId)} is chosen at ${at} (version ${event.version}): a majority accepted it, so it can never change.`;
    case 'catchUp':
      return `${self} was behind at #${event.fromIndex} and jumps to ${at} with the chosen value ${event.peer} sent: PaxosKV learners copy the newest state, they do not replay.`;
    case 'readServed':
      return event.how === 'local'
        ? `${self} serves a read of ${at} from its own PLog: a peer's header showed nothing newer.`
        : event.how === 'catch-up'
          ? `${self} serves a read of ${at} after catching up: a peer knew a newer chosen value.`
          : `${self} serves a read of ${at} after finishing a pending entry with a prepare round (redo).`;
    case 'backoff':
      return event.cause === 'timedOut'
        ? `${self}'s round ${event.round} at ${at} got too few answers in time (peers down, cut off or slow), so it waits a random, growing while before trying again.`
        : `${self} lost round ${event.round} at ${at} to a competing proposal and waits a random while before trying again, so two proposers stop colliding.`;
    case 'learnerOnly':
      return event.on
        ? `${self} lost its disk: it neither votes nor serves until it has relearned every key from its peers (${event.reason}).`
        : `${self} has relearned everything it may have voted on and votes again.`;
    case 'pendingTimeout':
      return pendingTimeoutCaption(self, at, event);
    case 'replied':
      return repliedCaption(self, event);
    case 'inputRejected':
      return inputRejectedCaption(self, event);
    case 'protocolStep':
      // The protocol's own caption (ProtocolCore.text.caption), made where its typed event is known.
      return event.caption ?? `${self} (${event.protocol}): ${event.text}.`;
    case 'plogWritten':
      return `${self} writes ${event.keys.length} PLog record${event.keys.length === 1 ? '' : 's'} to disk${event.synced ? ', synced, before any message reveals them' : ''}.`;
    case 'faultApplied':
      return `${self} applies a fault: ${event.description}.`;
    case 'nodeStarted':
      return event.learnerOnly
        ? `${self} starts on an empty disk, learner-only.`
        : `${self} starts and recovers its PLog from disk.`;
    case 'nodePaused':
      return `${self} is paused: messages to it wait, its timers stop.`;
    case 'nodeResumed':
      return `${self} resumes and handles what waited for it.`;
    case 'nodeStopped':
      return `${self} stops: ${event.reason}.`;
    case 'protocolPace':
      return event.holding
        ? `${self}'s protocol time stands still while messages are held.`
        : `${self}'s protocol time runs at ×${event.rate}.`;
    case 'verification':
      return `${self} verifies its stored data: ${event.detail}.`;
    case 'eventsDropped':
      return `The console missed ${event.count} events from ${self} (it fell behind; the cluster did not wait).`;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** PaxosKV's pending-entry timeout queue, one level per event (docs/data-verification.md § Pending entries). */
function pendingTimeoutCaption(
  self: string,
  at: string,
  event: Extract<ClusterEvent, { type: 'pendingTimeout' }>,
): string {
  const waited = `pending for ${seconds(event.waitedMs)} with no proposal or request working on it`;
  switch (event.step) {
    case 'retriedSoon':
      return `${self}'s entry ${at} is still ${waited}, so it retries soon (level 1 of 3): a prepare round that finishes the accepted value, or learns a peer moved past it. Next level in ${seconds(event.nextInMs)}.`;
    case 'retriedLater':
      return `${self}'s entry ${at} is still ${waited}, so it retries later (level 2 of 3) with another prepare round; a peer may have been down. It gives up in ${seconds(event.nextInMs)}.`;
    case 'gaveUp':
      return `${self} gives up proposing for ${at} (level 3 of 3), ${waited}: it asks its peers for the chosen entry and catches up from them instead.`;
    case 'resolved':
      return `${self}'s entry ${at} is no longer pending after ${seconds(event.waitedMs)}: it was chosen or a newer chosen entry replaced it.`;
  }
}

export function captionOf(event: ClusterEvent): string {
  return 'messageType' in event ? messageCaption(event) : coreCaption(event);
}

/**
 * Events that tell the protocol's story; the rest (sends, receives, disk writes, replies) are too many
 * for a person to read live and stay in the event inspector.
 */
const storyTypes = new Set<ClusterEvent['type']>([
  ...protocolStepTypes,
  'backoff',
  'learnerOnly',
  'pendingTimeout',
  'messageDropped',
  'messageHeld',
]);

export function tellsTheStory(event: ClusterEvent): boolean {
  // A verifier's finding is the story; the end of a quiet pass is not.
  if (event.type === 'verification') return event.outcome !== 'pass';
  return storyTypes.has(event.type);
}
