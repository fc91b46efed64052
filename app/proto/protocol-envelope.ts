/**
 * The generic envelopes every protocol but PaxosKV travels and rests in: ProtocolMessage (a case of
 * PeerMessage's body, peer_messages.proto) and ProtocolRecordData (plog_record.proto). The envelope
 * holds what every shell needs — the protocol's name, the message's id, type, sender, receiver and key —
 * and the JSON body (protocol-body.ts) the rest. Decoding trusts nothing: a message of another
 * protocol, a bad envelope field or a body the protocol's wire description refuses is a
 * WireFormatError naming the field, exactly as PaxosKV's own messages are refused (codec.ts).
 */
import type { NodeId } from '../paxos/types';
import type { KeyedRecord, PeerEnvelope } from '../protocol/protocol';
import type { ProtocolWire, WireResult } from '../protocol/protocol-wire';
import { nestedField } from '../util/field-error';
import { foreignMessage, frameFromWire, frameToWire, parsePeerFrame, type PeerFrameCodec } from './codec';
import { PeerFrame as WirePeerFrame, type PeerMessage as WirePeerMessage } from './generated/peer_messages';
import type { ProtocolRecordData } from './generated/plog_record';
import { decodeBody, encodeBody } from './protocol-body';
import { checkId, checkKey, checkNodeId } from './wire-checks';
import { WireFormatError } from './wire-format-error';

/** A message type is the protocol's word for it: short, and plain letters. */
const messageTypePattern = /^[a-z][A-Za-z]{0,63}$/;

export function protocolMessageToWire(protocol: string, message: PeerEnvelope): WirePeerMessage {
  const { id, type, from: _from, to, key, ...fields } = message;
  return {
    id,
    to,
    key,
    index: 0,
    body: { $case: 'protocolMessage', value: { protocol, type, body: encodeBody(fields) } },
  };
}

/** Checks the envelope and hands the body to the protocol's wire description; throws WireFormatError. */
export function protocolMessageFromWire<Message extends PeerEnvelope>(
  protocol: string,
  wire: Pick<ProtocolWire<Message, KeyedRecord>, 'messageFromBody'>,
  message: WirePeerMessage,
  from: NodeId,
  field: string,
): Message {
  const body = message.body;
  if (body === undefined) {
    throw new WireFormatError(
      `${field}.body`,
      'no message type is set (missing, or unknown to this version)',
    );
  }
  if (body.$case !== 'protocolMessage') throw foreignMessage(`${field}.${body.$case}`, 'paxoskv', protocol);
  const at = `${field}.protocolMessage`;
  const envelope = body.value;
  if (envelope.protocol !== protocol) throw foreignMessage(`${at}.protocol`, envelope.protocol, protocol);
  if (!messageTypePattern.test(envelope.type)) {
    throw new WireFormatError(
      `${at}.type`,
      `must be a message type (letters), got ${JSON.stringify(envelope.type.slice(0, 40))}`,
    );
  }
  const head: PeerEnvelope = {
    id: checkId(message.id, `${field}.id`),
    type: envelope.type,
    from,
    to: checkNodeId(message.to, `${field}.to`),
    key: checkKey(message.key, `${field}.key`),
  };
  return unwrap(wire.messageFromBody(head, decodeBody(envelope.body, `${at}.body`)), `${at}.body`);
}

/** The frames of an agent running `protocol`: every message in the generic envelope. */
export function protocolFrameCodec<Message extends PeerEnvelope>(
  protocol: string,
  wire: Pick<ProtocolWire<Message, KeyedRecord>, 'messageFromBody'>,
): PeerFrameCodec<Message> {
  const toWire = (message: Message) => protocolMessageToWire(protocol, message);
  const fromWire = (message: WirePeerMessage, from: NodeId, field: string) =>
    protocolMessageFromWire(protocol, wire, message, from, field);
  return {
    encode: (from, messages) => WirePeerFrame.encode(frameToWire(from, messages, toWire)).finish(),
    decode: (bytes) => frameFromWire(parsePeerFrame(bytes), fromWire),
  };
}

export function protocolRecordToData(protocol: string, record: KeyedRecord): ProtocolRecordData {
  return { protocol, key: record.key, body: encodeBody(record) };
}

/**
 * The record in `data`, which must be `protocol`'s and filed under `key`; throws WireFormatError. The
 * caller applies the core's checkRecord as well.
 */
export function protocolRecordFromData<Rec extends KeyedRecord>(
  protocol: string,
  wire: Pick<ProtocolWire<never, Rec>, 'recordFromBody'>,
  data: ProtocolRecordData,
): Rec {
  if (data.protocol !== protocol) {
    throw new WireFormatError(
      'protocol',
      `is ${JSON.stringify(data.protocol.slice(0, 40))}, not ${protocol}`,
    );
  }
  const record = unwrap(wire.recordFromBody(decodeBody(data.body, 'body')), 'body');
  if (record.key !== data.key) {
    throw new WireFormatError(
      'body.key',
      `is ${JSON.stringify(record.key)}, not the envelope's ${JSON.stringify(data.key)}`,
    );
  }
  return record;
}

function unwrap<Value>(result: WireResult<Value>, field: string): Value {
  if (result.ok) return result.value;
  const { problem } = result;
  throw new WireFormatError(nestedField(field, problem.field), problem.reason, problem.limit);
}
