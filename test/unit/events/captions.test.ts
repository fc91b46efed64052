import { describe, expect, it } from 'vitest';
import { captionOf, tellsTheStory } from '../../../app/model/captions';
import { parseClusterEvent, type ClusterEvent } from '../../../app/model/cluster-event';

const base = { agent: 'n1', seq: 1, timeMs: 0, key: 'k1', index: 3, ballot: { counter: 0, role: 1 } };
const message = { messageId: 'n1:7', messageType: 'fastAccept', peer: 'n2' } as const;

/** One event of every kind; the Record type makes a new kind a compile error until it is listed. */
const samples: Record<ClusterEvent['type'], ClusterEvent> = {
  messageSent: { ...base, type: 'messageSent', ...message },
  messageReceived: { ...base, type: 'messageReceived', ...message },
  messageDropped: { ...base, type: 'messageDropped', ...message, reason: 'partition' },
  messageDelayed: { ...base, type: 'messageDelayed', ...message, delayMs: 120 },
  messageDuplicated: { ...base, type: 'messageDuplicated', ...message },
  messageHeld: { ...base, type: 'messageHeld', ...message },
  messageReleased: { ...base, type: 'messageReleased', ...message, action: 'deliver' },
  proposalStarted: { ...base, type: 'proposalStarted', requestId: 'c7', fast: true },
  promised: { ...base, type: 'promised', peer: 'n3' },
  acceptedValue: { ...base, type: 'acceptedValue', requestId: 'c7' },
  rejected: { ...base, type: 'rejected', by: { counter: 3, role: 2 }, what: 'prepare' },
  chosen: { ...base, type: 'chosen', requestId: 'c7', version: 3 },
  catchUp: { ...base, type: 'catchUp', fromIndex: 1, peer: 'n3' },
  readServed: { ...base, type: 'readServed', how: 'redo' },
  backoff: { ...base, type: 'backoff', round: 2, untilMs: 40, cause: 'refused' },
  learnerOnly: { ...base, type: 'learnerOnly', on: true, reason: 'wiped' },
  pendingTimeout: { ...base, type: 'pendingTimeout', step: 'retriedSoon', waitedMs: 500, nextInMs: 2000 },
  replied: { ...base, type: 'replied', requestId: 'c7', ok: false, code: 'PREEMPTED' },
  inputRejected: { ...base, type: 'inputRejected', field: 'ballot.role', reason: 'out of range' },
  protocolStep: {
    ...base,
    type: 'protocolStep',
    protocol: 'quorumkv',
    step: 'quorumWrite',
    text: 'quorum write k1 v3 c7 on n1 n4',
  },
  plogWritten: { ...base, type: 'plogWritten', keys: ['k1'], synced: true, durationMs: 0.4 },
  faultApplied: { ...base, type: 'faultApplied', description: 'partition dc1 | dc2 dc3' },
  nodeStarted: { ...base, type: 'nodeStarted', learnerOnly: false },
  nodePaused: { ...base, type: 'nodePaused' },
  nodeResumed: { ...base, type: 'nodeResumed' },
  nodeStopped: { ...base, type: 'nodeStopped', reason: 'killed' },
  protocolPace: { ...base, type: 'protocolPace', rate: 0.2, holding: false },
  eventsDropped: { ...base, type: 'eventsDropped', count: 12 },
  verification: {
    ...base,
    type: 'verification',
    outcome: 'repaired',
    wrong: ['n1'],
    detail: "n1's copy of k1#3 differed from n2's and n4's; n1 rewrote it from the majority's value",
    keysVerified: 40,
    divergences: 1,
    repairs: 1,
  },
};

describe('captions', () => {
  it.each(Object.entries(samples))('%s has a sentence naming the node', (_type, event) => {
    // Each sample is a valid event, so the caption is tested on what really travels.
    const parsed = parseClusterEvent(event);
    const caption = captionOf(parsed);
    expect(caption).toMatch(/[.:]$/);
    expect(caption).toContain('n1');
    expect(caption).not.toMatch(/undefined|\[object/);
  });

  it('names the rule at work', () => {
    expect(captionOf(samples.proposalStarted)).toBe(
      "n1 owns k1's last chosen value, so it proposes request c7 at k1#3 with ballot b(0,1) and no prepare: the fast path, one round trip.",
    );
    expect(captionOf(samples.rejected)).toBe(
      'n1 refuses the prepare at k1#3 with ballot b(0,1): it already promised b(3,2).',
    );
    expect(captionOf(samples.chosen)).toContain('a majority accepted it, so it can never change');
    expect(captionOf(samples.backoff)).toContain('to a competing proposal');
    const timedOut = { ...samples.backoff, cause: 'timedOut' } as const;
    expect(captionOf(timedOut)).toContain('got too few answers in time');
    expect(captionOf(timedOut)).not.toContain('competing');
    const slow: ClusterEvent = { ...base, type: 'proposalStarted', requestId: '', fast: false };
    expect(captionOf(slow)).toContain('prepares k1#3 with ballot b(0,1) for a no-op');
    expect(captionOf(samples.messageDropped)).toBe(
      'A fast accept between n1 and n2 is lost: a partition separates them.',
    );
  });

  it('keeps sends, receives, disk writes and replies out of the live story', () => {
    expect(tellsTheStory(samples.chosen)).toBe(true);
    expect(tellsTheStory(samples.rejected)).toBe(true);
    for (const type of ['messageSent', 'messageReceived', 'plogWritten', 'replied'] as const) {
      expect(tellsTheStory(samples[type])).toBe(false);
    }
  });
});
