import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import { pendingQueueOf } from '../../../renderer/views/node-inspector/pending-queue';

let seq = 0;
function pending(
  agent: string,
  key: string,
  step: 'retriedSoon' | 'retriedLater' | 'gaveUp' | 'resolved',
  timeMs: number,
  nextInMs: number,
): ClusterEvent {
  seq += 1;
  return { agent, seq, timeMs, key, index: 2, type: 'pendingTimeout', step, waitedMs: 500, nextInMs };
}

describe('the node inspector’s pending-entry queue', () => {
  it('lists each key at the level its newest event reached, soonest first, given-up last', () => {
    const events = [
      pending('n1', 'a', 'retriedSoon', 1000, 2000),
      pending('n1', 'b', 'retriedSoon', 1100, 2000),
      pending('n1', 'b', 'retriedLater', 3100, 5000),
      pending('n1', 'c', 'retriedSoon', 1200, 2000),
      pending('n1', 'c', 'retriedLater', 3200, 5000),
      pending('n1', 'c', 'gaveUp', 8200, 0),
      pending('n2', 'd', 'retriedSoon', 1300, 2000),
    ];
    expect(pendingQueueOf(events, 'n1')).toEqual([
      { key: 'a', index: 2, next: 'retry later', dueMs: 3000, sinceMs: 1000 },
      { key: 'b', index: 2, next: 'give up and catch up', dueMs: 8100, sinceMs: 3100 },
      { key: 'c', index: 2, next: 'given up', dueMs: null, sinceMs: 8200 },
    ]);
  });

  it('drops an entry once it is resolved, and ignores other events', () => {
    const other: ClusterEvent = { agent: 'n1', seq: 99, timeMs: 5, type: 'nodePaused' };
    const events = [
      pending('n1', 'a', 'retriedSoon', 1000, 2000),
      other,
      pending('n1', 'a', 'resolved', 1010, 0),
    ];
    expect(pendingQueueOf(events, 'n1')).toEqual([]);
  });
});
