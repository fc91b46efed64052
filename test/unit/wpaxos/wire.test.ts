/**
 * WPaxos's wire description: every message type and every record kind round-trip through the generic
 * envelopes (frame bytes and record data, bytes as bytes), and a malformed body is refused naming its
 * field; what a message means for a node (its sender leads the ballot, its command is for its object) is
 * the core's check, also refused naming the field.
 */
import { describe, expect, it } from 'vitest';
import { defaultCoreConfig } from '../../../app/paxos';
import { PeerFrame, type PeerMessage as WirePeerMessage } from '../../../app/proto/generated/peer_messages';
import {
  protocolFrameCodec,
  protocolRecordFromData,
  protocolRecordToData,
} from '../../../app/proto/protocol-envelope';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import {
  wPaxos,
  type ClientCommand,
  type ObjectSnapshot,
  type SlotEntry,
  type WPaxosMessage,
} from '../../../app/wpaxos';
import { promiseRecord, slotRecord, snapshotRecord } from '../../../app/wpaxos/record';
import { wPaxosMessageTypes, wPaxosWire } from '../../../app/wpaxos/wire';
import { groups } from './grid-cluster';

const codec = protocolFrameCodec('wpaxos', wPaxosWire);
const bytes = (text: string) => new TextEncoder().encode(text);

const put: ClientCommand = {
  kind: 'client',
  tag: 'n1/7/1',
  requestId: 'c1',
  operation: { kind: 'put', key: 'k1', value: Uint8Array.from([0, 1, 2, 250, 255]) },
  origin: 'n4',
  attempt: 'n4:3',
  arrivedAtVersion: 0,
};
const entries: SlotEntry[] = [
  { slot: 1, ballot: 7, command: put, chosen: true },
  { slot: 2, ballot: 13, command: { kind: 'noop', tag: 'n1/13/2' }, chosen: false },
];
const snapshot: ObjectSnapshot = {
  slot: 40,
  entry: {
    version: 33,
    value: Uint8Array.from([7, 0, 255]),
    requests: [{ requestId: 'c1', version: 33, index: 40 }],
  },
  recentZones: [0, 1, 1, 2],
};
const { tag: _tag, ...forwarded } = { ...put, operation: { kind: 'get', key: 'k1' } as const };
const head = (type: WPaxosMessage['type'], seq: number) =>
  ({ id: `n1:${seq}`, type, from: 'n1', to: 'n0', key: 'k1' }) as const;

const messages: WPaxosMessage[] = [
  { ...head('prepare', 1), type: 'prepare', ballotNumber: 13, commitPoint: 0 },
  { ...head('promise', 2), type: 'promise', ballotNumber: 13, ok: true, promised: 13, entries, logBase: 0 },
  { ...head('accept', 3), type: 'accept', ballotNumber: 13, slot: 3, command: put, commitPoint: 1 },
  { ...head('accepted', 4), type: 'accepted', ballotNumber: 13, slot: 3, ok: false, promised: 19 },
  { ...head('commit', 5), type: 'commit', ballotNumber: 13, entries: [entries[0]!], commitPoint: 1 },
  {
    ...head('forward', 6),
    type: 'forward',
    command: { ...forwarded, origin: 'n1' },
    remainingMs: 900,
    commitPoint: 1,
  },
  { ...head('catchUp', 7), type: 'catchUp', fromSlot: 2 },
  {
    ...head('catchUpReply', 8),
    type: 'catchUpReply',
    snapshot: null,
    entries: [entries[0]!],
    commitPoint: 1,
    promised: 13,
  },
  { ...head('catchUpReply', 9), type: 'catchUpReply', snapshot, entries: [], commitPoint: 40, promised: 13 },
];

function withBody(type: string, body: unknown): WirePeerMessage {
  const value = { protocol: 'wpaxos', type, body: bytes(JSON.stringify(body)) };
  return { id: 'n1:99', to: 'n0', key: 'k1', index: 0, body: { $case: 'protocolMessage', value } };
}

function refusalOf(message: WirePeerMessage): WireFormatError {
  const frame = codec.decode(PeerFrame.encode({ from: 'n1', messages: [message] }).finish());
  expect(frame.messages).toEqual([]);
  return frame.rejected[0]!;
}

describe('WPaxos messages in the protocol envelope', () => {
  it('round-trips every message type through frame bytes, values as bytes', () => {
    expect(new Set(messages.map((message) => message.type))).toEqual(new Set(wPaxosMessageTypes));
    expect(codec.decode(codec.encode('n1', messages))).toEqual({ from: 'n1', messages, rejected: [] });
    expect(wPaxos.wire).toBe(wPaxosWire);
  });

  it.each([
    ['ballot 0', 'prepare', { ballotNumber: 0, commitPoint: 0 }, 'ballotNumber'],
    ['a missing commit point', 'commit', { ballotNumber: 7, entries: [] }, 'commitPoint'],
    ['an unknown field', 'catchUp', { fromSlot: 1, group: 'g1' }, '(body)'],
    [
      'a forwarded command with a tag',
      'forward',
      { command: { ...put, operation: { kind: 'get', key: 'k1' } }, remainingMs: 5, commitPoint: 0 },
      'command',
    ],
  ])('refuses %s, naming the field', (_what, type, body, field) => {
    const refused = refusalOf(withBody(type, body));
    expect(refused).toBeInstanceOf(WireFormatError);
    const prefix = 'frame.messages[0].protocolMessage.body';
    expect(refused.field).toBe(field === '(body)' ? prefix : `${prefix}.${field}`);
  });

  it('leaves meaning to the core: a prepare from a node that does not own the ballot, a command for another object', () => {
    const node = wPaxos.createNode(defaultCoreConfig('n0', groups), { seed: 1 });
    const step = (message: WPaxosMessage) => wPaxos.step(node, { kind: 'receive', message }).ready.events;
    // Ballot 13 = round 2 × 6 + 1: n1's; n2 may not send it.
    expect(step({ ...messages[0]!, from: 'n2' } as WPaxosMessage)).toEqual([
      { type: 'inputRejected', field: 'from', reason: 'ballot 13 is led by n1', peer: 'n2' },
    ]);
    const other = { ...put, operation: { ...put.operation, key: 'k2' } } as ClientCommand;
    const [event] = step({ ...messages[2]!, command: other } as WPaxosMessage);
    expect(event).toMatchObject({ type: 'inputRejected', field: 'command.operation.key' });
  });
});

describe('WPaxos records in the record envelope', () => {
  it('round-trips a promise, a snapshot and slot records, and refuses one filed under another key', () => {
    const records = [
      promiseRecord('k1', 13),
      snapshotRecord('k1', snapshot),
      ...entries.map((e) => slotRecord('k1', e)),
    ];
    for (const record of records) {
      const data = protocolRecordToData('wpaxos', record);
      expect(protocolRecordFromData('wpaxos', wPaxosWire, data)).toEqual(record);
    }
    const misfiled = { ...slotRecord('k1', entries[0]!), key: 'slot/9/k1' };
    const data = protocolRecordToData('wpaxos', misfiled);
    expect(() => protocolRecordFromData('wpaxos', wPaxosWire, data)).toThrow(/slot\/1\/k1/);
  });
});
