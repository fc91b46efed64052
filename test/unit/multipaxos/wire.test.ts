/**
 * Multi-Paxos's wire description: every message type and both record kinds round-trip through the
 * generic envelopes (frame bytes and record data, bytes as bytes), and a malformed body, a body of
 * another group or an unknown type is refused naming its field.
 */
import { describe, expect, it } from 'vitest';
import { PeerFrame, type PeerMessage as WirePeerMessage } from '../../../app/proto/generated/peer_messages';
import {
  protocolFrameCodec,
  protocolRecordFromData,
  protocolRecordToData,
} from '../../../app/proto/protocol-envelope';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import { multiPaxos } from '../../../app/multipaxos';
import type {
  ClientCommand,
  MultiPaxosMessage,
  MultiPaxosMessageType,
  MultiPaxosRecord,
  SlotEntry,
} from '../../../app/multipaxos';
import { promiseRecord, slotRecord } from '../../../app/multipaxos/record';
import { multiPaxosMessageTypes, multiPaxosWire } from '../../../app/multipaxos/wire';

const codec = protocolFrameCodec('multipaxos', multiPaxosWire);
const bytes = (text: string) => new TextEncoder().encode(text);

const put: ClientCommand = {
  kind: 'client',
  tag: 'n0/0/1',
  requestId: 'c1',
  operation: { kind: 'put', key: 'k1', value: Uint8Array.from([0, 1, 2, 250, 255]) },
  origin: 'n2',
  attempt: 'n2:7',
  arrivedAtVersion: 0,
};
const cas: ClientCommand = {
  ...put,
  tag: 'n0/0/2',
  requestId: 'c2',
  operation: { kind: 'cas', key: 'k1', value: bytes('two'), expectedVersion: 1 },
  arrivedAtVersion: 1,
};
const entries: SlotEntry[] = [
  { slot: 1, view: 0, command: put, chosen: true },
  { slot: 2, view: 0, command: cas, chosen: false },
  { slot: 3, view: 1, command: { kind: 'noop', tag: 'n1/1/3' }, chosen: true },
  {
    slot: 4,
    view: 1,
    command: { ...put, tag: 'n1/1/4', requestId: 'c3', operation: { kind: 'delete', key: 'k1' } },
    chosen: false,
  },
];
const { tag: _tag, ...forwarded } = { ...put, operation: { kind: 'get', key: 'k1' } as const };

const head = <Type extends MultiPaxosMessageType>(type: Type, seq: number) =>
  ({ id: `n2:${seq}`, type, from: 'n2', to: 'n0', key: 'g1', group: 'g1' }) as const;

const messages: MultiPaxosMessage[] = [
  { ...head('viewChange', 1), view: 2 },
  { ...head('prepare', 2), view: 2, commitPoint: 4 },
  { ...head('promise', 3), view: 2, ok: true, promised: 2, commitPoint: 0, entries },
  { ...head('promise', 4), view: 2, ok: false, promised: 5, commitPoint: 0, entries: [] },
  { ...head('accept', 5), view: 2, slot: 5, command: cas, commitPoint: 4 },
  { ...head('accepted', 6), view: 2, slot: 5, ok: true, promised: 2 },
  { ...head('commit', 7), view: 2, commitPoint: 5 },
  { ...head('commitAck', 8), view: 2, ok: false, currentView: 3, commitPoint: 5 },
  { ...head('forward', 9), command: forwarded, remainingMs: 2500 },
  { ...head('catchUp', 10), fromSlot: 1 },
  {
    ...head('catchUpReply', 11),
    entries: entries.filter((entry) => entry.chosen),
    commitPoint: 3,
    promised: -1,
  },
];

/** Decodes one hand-made wire message in a frame from n2 and returns why it was refused. */
function refusalOf(message: WirePeerMessage): WireFormatError {
  const frame = codec.decode(PeerFrame.encode({ from: 'n2', messages: [message] }).finish());
  expect(frame.messages).toEqual([]);
  expect(frame.rejected).toHaveLength(1);
  return frame.rejected[0]!;
}

/** A wire message whose JSON body is `body`, as a peer could send it. */
function withBody(type: string, body: unknown, key = 'g1'): WirePeerMessage {
  const value = { protocol: 'multipaxos', type, body: bytes(JSON.stringify(body)) };
  return { id: 'n2:99', to: 'n0', key, index: 0, body: { $case: 'protocolMessage', value } };
}

const wirePut = { ...put, operation: { kind: 'put', key: 'k1', value: { $bytes: 'AAEC+v8=' } } };

describe('multi-Paxos messages in the protocol envelope', () => {
  it('round-trips every message type through frame bytes, values as bytes', () => {
    expect(new Set(messages.map((message) => message.type))).toEqual(new Set(multiPaxosMessageTypes));
    const decoded = codec.decode(codec.encode('n2', messages));
    expect(decoded).toEqual({ from: 'n2', messages, rejected: [] });
    const promise = decoded.messages[2] as Extract<MultiPaxosMessage, { type: 'promise' }>;
    const command = promise.entries[0]!.command as ClientCommand;
    expect(command.operation.kind === 'put' && command.operation.value).toBeInstanceOf(Uint8Array);
  });

  it('is what the core registers: its message types and its wire', () => {
    expect(multiPaxos.wire).toBe(multiPaxosWire);
    expect(multiPaxos.messageTypes).toEqual(multiPaxosMessageTypes);
  });

  it('accepts a well-formed body sent by hand', () => {
    const frame = codec.decode(
      PeerFrame.encode({
        from: 'n2',
        messages: [withBody('accept', { group: 'g1', view: 0, slot: 1, command: wirePut, commitPoint: 0 })],
      }).finish(),
    );
    expect(frame.rejected).toEqual([]);
    expect(frame.messages).toEqual([
      {
        id: 'n2:99',
        type: 'accept',
        from: 'n2',
        to: 'n0',
        key: 'g1',
        group: 'g1',
        view: 0,
        slot: 1,
        command: put,
        commitPoint: 0,
      },
    ]);
  });

  it.each([
    ['a view that is not an integer', 'prepare', { group: 'g1', view: 1.5, commitPoint: 0 }, 'view'],
    ['a missing commit point', 'commit', { group: 'g1', view: 1 }, 'commitPoint'],
    ['slot 0', 'accepted', { group: 'g1', view: 1, slot: 0, ok: true, promised: 1 }, 'slot'],
    [
      'a flag that is a string',
      'commitAck',
      { group: 'g1', view: 1, ok: 'yes', currentView: 1, commitPoint: 0 },
      'ok',
    ],
    ['an unknown field', 'viewChange', { group: 'g1', view: 1, ballot: 3 }, '(body)'],
    [
      'an entry whose command has an unknown kind',
      'promise',
      {
        group: 'g1',
        view: 1,
        ok: true,
        promised: 1,
        commitPoint: 0,
        entries: [{ slot: 1, view: 0, chosen: true, command: { kind: 'nop', tag: 't' } }],
      },
      'entries[0].command.kind',
    ],
    [
      'a value that is not bytes',
      'accept',
      {
        group: 'g1',
        view: 0,
        slot: 1,
        commitPoint: 0,
        command: { ...wirePut, operation: { kind: 'put', key: 'k1', value: 'text' } },
      },
      'command.operation.value',
    ],
    [
      'a forwarded command that carries a tag',
      'forward',
      { group: 'g1', command: wirePut, remainingMs: 10 },
      'command',
    ],
    [
      'a forwarded command whose origin is no node id',
      'forward',
      { group: 'g1', command: { ...forwarded, origin: '9 lives' }, remainingMs: 10 },
      'command.origin',
    ],
    [
      'more catch-up entries than a batch holds',
      'catchUpReply',
      {
        group: 'g1',
        commitPoint: 0,
        promised: 0,
        entries: Array.from({ length: 65 }, (_, i) => ({
          slot: i + 1,
          view: 0,
          chosen: true,
          command: { kind: 'noop', tag: `t${i}` },
        })),
      },
      'entries',
    ],
  ])('refuses %s, naming the field', (_what, type, body, field) => {
    const refused = refusalOf(withBody(type, body));
    expect(refused).toBeInstanceOf(WireFormatError);
    expect(refused.field).toBe(
      field === '(body)'
        ? 'frame.messages[0].protocolMessage.body'
        : `frame.messages[0].protocolMessage.body.${field}`,
    );
  });

  it('refuses a body of another group than its key, and a type it does not know', () => {
    const otherGroup = refusalOf(withBody('viewChange', { group: 'g2', view: 1 }));
    expect(otherGroup.field).toBe('frame.messages[0].protocolMessage.body.group');
    expect(otherGroup.message).toContain('"g2"');
    const unknown = refusalOf(withBody('replicaRead', { requestId: 'r1' }));
    expect(unknown.field).toBe('frame.messages[0].protocolMessage.body.type');
  });
});

describe('multi-Paxos records in the record envelope', () => {
  const records: MultiPaxosRecord[] = [
    promiseRecord('g1', 3),
    ...entries.map((entry) => slotRecord('g1', entry)),
  ];

  it('round-trips a promise and every kind of slot record, values as bytes', () => {
    for (const record of records) {
      const data = protocolRecordToData('multipaxos', record);
      expect(data.key).toBe(record.kind === 'promise' ? 'g1/promise' : `g1/slot/${record.slot}`);
      expect(protocolRecordFromData('multipaxos', multiPaxosWire, data)).toEqual(record);
    }
  });

  const refusalOfRecord = (key: string, body: unknown) => {
    try {
      protocolRecordFromData('multipaxos', multiPaxosWire, {
        protocol: 'multipaxos',
        key,
        body: bytes(JSON.stringify(body)),
      });
    } catch (error) {
      expect(error).toBeInstanceOf(WireFormatError);
      return error as WireFormatError;
    }
    throw new Error('accepted');
  };

  it('refuses a malformed record naming its field, and one the core check refuses', () => {
    expect(
      refusalOfRecord('g1/promise', { key: 'g1/promise', kind: 'promise', group: 'g1', view: -2 }).field,
    ).toBe('body.view');
    const slot = {
      key: 'g1/slot/1',
      kind: 'slot',
      group: 'g1',
      slot: 1,
      view: 0,
      chosen: 'no',
      command: { kind: 'noop', tag: 't' },
    };
    expect(refusalOfRecord('g1/slot/1', slot).field).toBe('body.chosen');
    // Well shaped, but filed under another slot's key: the core's record check says which.
    const misfiled = refusalOfRecord('g1/slot/1', { ...slot, chosen: true, slot: 2 });
    expect(misfiled.message).toContain('key must be g1/slot/2');
    expect(
      refusalOfRecord('g1/promise', { key: 'g1/promise', kind: 'vote', group: 'g1', view: 1 }).field,
    ).toBe('body.kind');
  });
});
