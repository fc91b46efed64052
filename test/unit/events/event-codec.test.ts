import { describe, expect, it } from 'vitest';
import { EventValidationError, type ClusterEvent } from '../../../app/model/cluster-event';
import { clusterEventFromWire, clusterEventToWire } from '../../../app/proto/event-codec';
import { ClusterEventMessage } from '../../../app/proto/generated/control';

const samples: ClusterEvent[] = [
  {
    agent: 'n0',
    seq: 7,
    timeMs: 1_700_000_000_123.25,
    type: 'messageSent',
    key: 'k',
    index: 3,
    ballot: { counter: 2, role: 1 },
    messageId: 'n0:17',
    messageType: 'accept',
    peer: 'n2',
  },
  { agent: 'n1', seq: 1, timeMs: 5, type: 'nodeStarted', learnerOnly: true },
  { agent: 'n1', seq: 9, timeMs: 5, type: 'eventsDropped', count: 4 },
  { agent: 'n2', seq: 2, timeMs: 5, type: 'plogWritten', keys: ['a', 'b'], synced: true, durationMs: 1.5 },
  { agent: 'n2', seq: 3, timeMs: 5, type: 'replied', key: '', requestId: 'r', ok: false, code: 'BUSY' },
];

describe('event codec', () => {
  it('round-trips events through the protobuf bytes', () => {
    for (const event of samples) {
      const bytes = ClusterEventMessage.encode(clusterEventToWire(event)).finish();
      expect(clusterEventFromWire(ClusterEventMessage.decode(bytes))).toEqual(event);
    }
  });

  it('refuses what the schema does not allow, naming the field', () => {
    const wire = clusterEventToWire(samples[0]!);
    const refusal = (message: ClusterEventMessage) => {
      try {
        clusterEventFromWire(message);
      } catch (error) {
        if (error instanceof EventValidationError) return error.field;
        throw error;
      }
      return null;
    };
    expect(refusal({ ...wire, bodyJson: '{' })).toBe('bodyJson');
    expect(refusal({ ...wire, bodyJson: '[1]' })).toBe('bodyJson');
    expect(refusal({ ...wire, type: 'teleported' })).toBe('type');
    expect(refusal({ ...wire, seq: 0 })).toBe('seq');
    expect(refusal({ ...wire, bodyJson: JSON.stringify({ messageId: 'x', messageType: 'accept' }) })).toBe(
      'peer',
    );
  });

  it('lets no body field override the envelope', () => {
    const wire = clusterEventToWire(samples[1]!);
    const event = clusterEventFromWire({
      ...wire,
      bodyJson: JSON.stringify({ learnerOnly: false, agent: 'evil', seq: 99 }),
    });
    expect(event).toMatchObject({ agent: 'n1', seq: 1 });
  });
});
