/**
 * Another protocol's events and messages in the console's one event schema: QuorumKV's steps become
 * protocolStep events with its own text, its replies and refusals keep their shapes, its messages are
 * described by their envelope; every lifted event passes parseClusterEvent, as it must to cross a
 * process boundary.
 */
import { describe, expect, it } from 'vitest';
import { parseClusterEvent } from '../../../app/model/cluster-event';
import { eventLifterFor } from '../../../app/model/from-protocol-event';
import { peerMessageFields } from '../../../app/model/peer-message-fields';
import type { QuorumEvent, QuorumMessage } from '../../../app/quorumkv';

const stamp = { agent: 'n0', seq: 5, timeMs: 1000 };
const lift = eventLifterFor('quorumkv');

describe("QuorumKV's events as cluster events", () => {
  it.each<[QuorumEvent, object]>([
    [
      { type: 'quorumWrite', key: 'k1', version: 3, requestId: 'c7', replicas: ['n0', 'n3'] },
      {
        type: 'protocolStep',
        key: 'k1',
        protocol: 'quorumkv',
        step: 'quorumWrite',
        text: 'quorum write k1 v3 c7 on n0 n3',
      },
    ],
    [
      { type: 'readRepair', key: 'k1', version: 3, peer: 'n4' },
      { type: 'protocolStep', key: 'k1', step: 'readRepair', text: 'readRepair k1 v3 to n4' },
    ],
    [
      { type: 'replied', key: 'k1', requestId: 'c7', ok: true, path: 'quorum' },
      { type: 'replied', key: 'k1', requestId: 'c7', ok: true },
    ],
    [
      { type: 'replied', key: 'k1', requestId: 'c8', ok: false, code: 'UNAVAILABLE' },
      { type: 'replied', requestId: 'c8', ok: false, code: 'UNAVAILABLE' },
    ],
    [
      { type: 'inputRejected', field: 'key', reason: 'must not be empty', peer: 'n3' },
      { type: 'inputRejected', field: 'key', reason: 'must not be empty', peer: 'n3' },
    ],
  ])('%o lifts to a valid event', (event, expected) => {
    const lifted = lift(stamp, event);
    expect(lifted).toMatchObject({ ...stamp, ...expected });
    expect(parseClusterEvent(JSON.parse(JSON.stringify(lifted)))).toEqual(lifted);
  });

  it('describes a message by its envelope: no entry index, no ballot', () => {
    const message: QuorumMessage = {
      id: 'n0:4',
      type: 'replicaRead',
      from: 'n0',
      to: 'n3',
      key: 'k1',
      requestId: 'r1',
    };
    const fields = peerMessageFields(message, 'n3');
    expect(fields).toEqual({ key: 'k1', messageId: 'n0:4', messageType: 'replicaRead', peer: 'n3' });
    const sent = { ...stamp, type: 'messageSent' as const, ...fields };
    expect(parseClusterEvent(sent)).toEqual(sent);
  });
});
