/**
 * The generic envelopes other protocols travel and rest in: QuorumKV's messages and records round-trip
 * through frame and record bytes, and every malformed or foreign one is refused naming its field, as
 * PaxosKV's own codec refuses its messages.
 */
import { describe, expect, it } from 'vitest';
import { decodePeerFrame, encodePeerFrame, paxosFrameCodec } from '../../../app/proto/codec';
import { PeerFrame, type PeerMessage as WirePeerMessage } from '../../../app/proto/generated/peer_messages';
import { decodeBody, encodeBody } from '../../../app/proto/protocol-body';
import {
  protocolFrameCodec,
  protocolMessageToWire,
  protocolRecordFromData,
  protocolRecordToData,
} from '../../../app/proto/protocol-envelope';
import { WireFormatError } from '../../../app/proto/wire-format-error';
import type { PeerMessage } from '../../../app/paxos/types';
import type { QuorumMessage, QuorumRecord } from '../../../app/quorumkv';
import { quorumWire } from '../../../app/quorumkv/wire';

const codec = protocolFrameCodec('quorumkv', quorumWire);
const bytes = (text: string) => new TextEncoder().encode(text);

const copy: QuorumRecord = {
  key: 'k1',
  version: 3,
  writer: 'n2',
  value: Uint8Array.from([0, 1, 2, 250, 255]),
  requestId: 'c7',
  requests: [{ requestId: 'c7', version: 3, index: 3 }],
};

const messages: QuorumMessage[] = [
  { id: 'n2:1', type: 'replicaWrite', from: 'n2', to: 'n0', key: 'k1', record: copy, requestId: 'c7' },
  {
    id: 'n2:2',
    type: 'replicaWriteAck',
    from: 'n2',
    to: 'n0',
    key: 'k1',
    requestId: 'c7',
    ok: false,
    version: 4,
  },
  { id: 'n2:3', type: 'replicaRead', from: 'n2', to: 'n0', key: 'k1', requestId: 'r1' },
  {
    id: 'n2:4',
    type: 'replicaReadReply',
    from: 'n2',
    to: 'n0',
    key: 'k1',
    requestId: 'r1',
    record: { ...copy, version: 0, writer: '', value: null, requestId: '', requests: [] },
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
function withBody(type: string, body: unknown, protocol = 'quorumkv'): WirePeerMessage {
  const value = { protocol, type, body: bytes(JSON.stringify(body)) };
  return { id: 'n2:9', to: 'n0', key: 'k1', index: 0, body: { $case: 'protocolMessage', value } };
}

const wireCopy = { ...copy, value: { $bytes: 'AAEC+v8=' } };

describe('the protocol message envelope', () => {
  it('round-trips every QuorumKV message through frame bytes, bytes as bytes', () => {
    const decoded = codec.decode(codec.encode('n2', messages));
    expect(decoded).toEqual({ from: 'n2', messages, rejected: [] });
    const write = decoded.messages[0] as Extract<QuorumMessage, { type: 'replicaWrite' }>;
    expect(write.record.value).toBeInstanceOf(Uint8Array);
  });

  it('carries the envelope in PeerMessage and the body as documented JSON', () => {
    const wire = protocolMessageToWire('quorumkv', messages[0]!);
    expect(wire).toMatchObject({ id: 'n2:1', to: 'n0', key: 'k1', index: 0 });
    expect(wire.body?.$case).toBe('protocolMessage');
    const envelope = wire.body!.value as { protocol: string; type: string; body: Uint8Array };
    expect({ protocol: envelope.protocol, type: envelope.type }).toEqual({
      protocol: 'quorumkv',
      type: 'replicaWrite',
    });
    expect(JSON.parse(new TextDecoder().decode(envelope.body))).toEqual({
      record: wireCopy,
      requestId: 'c7',
    });
  });

  it('writes a Node Buffer as bytes, not as its toJSON form', () => {
    const value = Buffer.from([1, 2, 3]);
    expect(new TextDecoder().decode(encodeBody({ value }))).toBe('{"value":{"$bytes":"AQID"}}');
    expect(decodeBody(encodeBody({ value }), 'body')).toEqual({ value: Uint8Array.from([1, 2, 3]) });
  });

  it.each([
    [
      'a PaxosKV message',
      { id: 'n2:9', to: 'n0', key: 'k1', index: 1, body: { $case: 'getChosen', value: {} } },
      'frame.messages[0].getChosen',
      'is a "paxoskv" message; this agent runs quorumkv',
    ],
    [
      'another protocol',
      withBody('replicaRead', { requestId: 'r1' }, 'multipaxos'),
      'frame.messages[0].protocolMessage.protocol',
      'this agent runs quorumkv',
    ],
    [
      'an unknown type',
      withBody('replicaDelete', {}),
      'frame.messages[0].protocolMessage.body.type',
      'is not one of',
    ],
    [
      'a type that is no word',
      withBody('x y', {}),
      'frame.messages[0].protocolMessage.type',
      'must be a message type',
    ],
    [
      'a body that is not JSON',
      {
        ...withBody('replicaRead', {}),
        body: {
          $case: 'protocolMessage',
          value: { protocol: 'quorumkv', type: 'replicaRead', body: bytes('{') },
        },
      },
      'frame.messages[0].protocolMessage.body',
      'is not a JSON body',
    ],
    [
      'a missing field',
      withBody('replicaWriteAck', { requestId: 'c7', ok: true }),
      'frame.messages[0].protocolMessage.body.version',
      '',
    ],
    [
      'a field too many',
      withBody('replicaRead', { requestId: 'r1', extra: 1 }),
      'frame.messages[0].protocolMessage.body',
      'extra',
    ],
    [
      'a negative version',
      withBody('replicaWrite', { record: { ...wireCopy, version: -1 }, requestId: 'c7' }),
      'frame.messages[0].protocolMessage.body.record.version',
      '',
    ],
    [
      'a value that is not bytes',
      withBody('replicaWrite', { record: { ...wireCopy, value: 'text' }, requestId: 'c7' }),
      'frame.messages[0].protocolMessage.body.record.value',
      'must be bytes',
    ],
    [
      'bad base64',
      withBody('replicaWrite', { record: { ...wireCopy, value: { $bytes: '!!' } }, requestId: 'c7' }),
      'frame.messages[0].protocolMessage.body',
      'base64',
    ],
    [
      'a copy the core refuses',
      withBody('replicaWrite', { record: { ...wireCopy, writer: '' }, requestId: 'c7' }),
      'frame.messages[0].protocolMessage.body.record',
      'names its writer',
    ],
    [
      'a copy of another key',
      withBody('replicaWrite', { record: { ...wireCopy, key: 'k2' }, requestId: 'c7' }),
      'frame.messages[0].protocolMessage.body.record.key',
      "not the message's",
    ],
    [
      'a bad receiver',
      { ...withBody('replicaRead', { requestId: 'r1' }), to: 'not an id' },
      'frame.messages[0].to',
      'node id',
    ],
  ])('refuses %s naming the field', (_what, message, field, reason) => {
    const refused = refusalOf(message as WirePeerMessage);
    expect(refused.field).toBe(field);
    expect(refused.message).toContain(reason);
  });

  it('is refused by a PaxosKV agent, naming the protocol it carries', () => {
    const frame = decodePeerFrame(codec.encode('n2', [messages[2]!]));
    expect(frame.messages).toEqual([]);
    expect(frame.rejected[0]).toMatchObject({ field: 'frame.messages[0].protocolMessage' });
    expect(frame.rejected[0]!.message).toContain('is a "quorumkv" message; this agent runs paxoskv');
  });

  it('leaves PaxosKV frames as they were: the same bytes through the PaxosKV codec', () => {
    const prepare: PeerMessage = {
      type: 'prepare',
      id: 'n1:7',
      from: 'n1',
      to: 'n2',
      key: 'k',
      index: 3,
      ballot: { counter: 2, role: 1 },
    };
    expect(paxosFrameCodec.encode('n1', [prepare])).toEqual(encodePeerFrame('n1', [prepare]));
    // The bytes this frame had before other protocols had an envelope.
    expect(Buffer.from(encodePeerFrame('n1', [prepare])).toString('hex')).toBe(
      '0a026e3112170a046e313a3712026e321a016b200352060a0408021001',
    );
  });
});

describe('the protocol record envelope', () => {
  it('round-trips a copy, naming its protocol and key', () => {
    const data = protocolRecordToData('quorumkv', copy);
    expect({ protocol: data.protocol, key: data.key }).toEqual({ protocol: 'quorumkv', key: 'k1' });
    expect(protocolRecordFromData('quorumkv', quorumWire, data)).toEqual(copy);
  });

  it.each([
    ['another protocol', { protocol: 'multipaxos' }, 'protocol'],
    ['a body filed under another key', { key: 'k2' }, 'body.key'],
    ['a body that is no copy', { body: bytes('{"key":"k1"}') }, 'body.version'],
  ])('refuses %s naming the field', (_what, change, field) => {
    const data = { ...protocolRecordToData('quorumkv', copy), ...change };
    try {
      protocolRecordFromData('quorumkv', quorumWire, data);
    } catch (error) {
      expect(error).toBeInstanceOf(WireFormatError);
      expect((error as WireFormatError).field).toBe(field);
      return;
    }
    throw new Error('expected a WireFormatError');
  });
});
