import { describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../../app/model/cluster-event';
import {
  breakDownWrite,
  summarizeStages,
  writeStages,
  type TracedWrite,
} from '../../../bench/store/write-stages';

const key = 'k';
const ballot = { counter: 0, role: 0 };
let seq = 0;

function at(agent: string, timeMs: number, fields: Record<string, unknown>): ClusterEvent {
  seq += 1;
  return { agent, seq, timeMs, key, index: 2, ballot, ...fields } as ClusterEvent;
}

const message = (
  type: 'messageSent' | 'messageReceived',
  messageId: string,
  messageType: string,
  peer: string,
) => ({
  type,
  messageId,
  messageType,
  peer,
});
const persisted = (durationMs: number) => ({ type: 'plogWritten', keys: [key], synced: true, durationMs });

/** One fast-path write: A = n0 at 100.5 ms persists 1 ms, n1 answers first, n2 answers later. */
function fastWrite(): ClusterEvent[] {
  return [
    at('n0', 102, persisted(1)),
    at('n0', 102, message('messageSent', 'n0:1', 'fastAccept', 'n1')),
    at('n0', 102, message('messageSent', 'n0:2', 'fastAccept', 'n2')),
    at('n0', 102, { type: 'proposalStarted', requestId: 'r', fast: true }),
    at('n1', 103, message('messageReceived', 'n0:1', 'fastAccept', 'n0')),
    at('n2', 104, message('messageReceived', 'n0:2', 'fastAccept', 'n0')),
    at('n1', 105, persisted(1.5)),
    at('n1', 105, message('messageSent', 'n1:1', 'fastAccepted', 'n0')),
    at('n2', 108, persisted(3)),
    at('n2', 108, message('messageSent', 'n2:1', 'fastAccepted', 'n0')),
    at('n0', 106, message('messageReceived', 'n1:1', 'fastAccepted', 'n1')),
    at('n0', 106, { type: 'replied', requestId: 'r', ok: true }),
    at('n0', 109, message('messageReceived', 'n2:1', 'fastAccepted', 'n2')),
  ];
}

const write: TracedWrite = { key, requestId: 'r', roleA: 'n0', sentMs: 100, answeredMs: 108 };

describe('write stages', () => {
  it('splits a fast-path write at the peer whose answer came back first', () => {
    const breakdown = breakDownWrite(fastWrite(), write);
    expect(breakdown?.stagesMs).toHaveLength(writeStages.length);
    // Stamps are centred in their millisecond (+0.5); persists start at their end minus their duration.
    expect(breakdown?.stagesMs).toEqual([1.5, 1, 0, 1, 0.5, 1.5, 0, 1, 0, 1.5]);
    expect(breakdown!.stagesMs.reduce((sum, ms) => sum + ms, 0)).toBeCloseTo(write.answeredMs - write.sentMs);
  });

  it('puts only the part of A’s persist before its fastAccept on the path when the fastAccept leaves first', () => {
    // The fastAccepts leave at 100.5 (before the persist); A's persist ends at 103.5 after 3 ms.
    const early = fastWrite().map((event) => {
      if (event.type === 'messageSent' && event.agent === 'n0') return { ...event, seq: 0, timeMs: 100 };
      if (event.type === 'plogWritten' && event.agent === 'n0')
        return { ...event, timeMs: 103, durationMs: 3 };
      return event;
    });
    const breakdown = breakDownWrite(early, write);
    expect(breakdown?.stagesMs).toEqual([0.5, 0, 0, 3, 0.5, 1.5, 0, 1, 0, 1.5]);
    expect(breakdown!.stagesMs.reduce((sum, ms) => sum + ms, 0)).toBeCloseTo(write.answeredMs - write.sentMs);
  });

  it('skips a write that did not take the fast path or lacks an event', () => {
    const slow = fastWrite().map((event) =>
      event.type === 'proposalStarted' ? { ...event, fast: false } : event,
    );
    expect(breakDownWrite(slow, write)).toBeNull();
    const noReply = fastWrite().filter((event) => event.type !== 'replied');
    expect(breakDownWrite(noReply, write)).toBeNull();
  });

  it('summarizes each stage over the writes', () => {
    const breakdown = breakDownWrite(fastWrite(), write)!;
    const summary = summarizeStages([breakdown, breakdown]);
    expect(summary.map((stage) => stage.stage)).toEqual([...writeStages]);
    expect(summary[0]!.summary).toMatchObject({ count: 2, p50Ms: 1.5, meanMs: 1.5 });
  });
});
