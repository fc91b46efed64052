/**
 * The one mapping between the core's PeerMessage (app/paxos/types.ts) and its protobuf form. Encoding
 * trusts the core; decoding trusts nothing and turns every problem into a WireFormatError that names
 * the field, so a malformed peer can cost a dropped message but never a crash.
 */
import type { AcceptorReply, NodeId, PeerMessage } from '../paxos/types';
import {
  PeerFrame as WirePeerFrame,
  type AcceptorReply as WireAcceptorReply,
  type KeyScanReply as WireKeyScanReply,
  type PeerMessage as WirePeerMessage,
} from './generated/peer_messages';
import {
  checkBallot,
  checkCount,
  checkEntryValue,
  checkHeader,
  checkId,
  checkKey,
  checkNodeId,
  overLimit,
} from './wire-checks';
import { WireFormatError } from './wire-format-error';
import { frameMessagesMax, keyScanLimitMax } from './wire-limits';

type WireBody = NonNullable<WirePeerMessage['body']>;

/** The core message in wire form; `from` is left out because the frame carries it. */
export function peerMessageToWire(message: PeerMessage): WirePeerMessage {
  return {
    id: message.id,
    to: message.to,
    key: message.key,
    index: message.index,
    body: bodyToWire(message),
  };
}

function bodyToWire(message: PeerMessage): WireBody {
  switch (message.type) {
    case 'prepare':
      return { $case: 'prepare', value: { ballot: message.ballot } };
    case 'promise':
    case 'accepted':
    case 'fastAccepted':
      return { $case: message.type, value: acceptorReplyToWire(message) };
    case 'accept':
    case 'fastAccept':
    case 'chosen':
      return { $case: message.type, value: { ballot: message.ballot, value: message.value } };
    case 'getChosen':
      return { $case: 'getChosen', value: {} };
    case 'readProbe':
      return { $case: 'readProbe', value: { readId: message.readId } };
    case 'probeReply':
      return {
        $case: 'probeReply',
        value: { readId: message.readId, header: message.header, pending: message.pending },
      };
    case 'keyScan':
      return { $case: 'keyScan', value: { afterKey: message.afterKey, limit: message.limit } };
    case 'keyScanReply':
      return {
        $case: 'keyScanReply',
        value: { entries: message.entries, nextAfterKey: message.nextAfterKey ?? undefined },
      };
  }
}

function acceptorReplyToWire(message: AcceptorReply): WireAcceptorReply {
  return {
    ballot: message.ballot,
    ok: message.ok,
    promised: message.promised,
    accepted: message.accepted ?? undefined,
    value: message.value ?? undefined,
  };
}

/**
 * Validates a decoded wire message and returns it as a core message from `from`. Throws only
 * WireFormatError; `field` prefixes the path it reports.
 */
export function peerMessageFromWire(wire: WirePeerMessage, from: NodeId, field = 'message'): PeerMessage {
  const body = wire.body;
  if (body === undefined) {
    throw new WireFormatError(
      `${field}.body`,
      'no message type is set (missing, or unknown to this version)',
    );
  }
  // The type's fields are assigned onto `base`, not spread after it: Node 20's V8 takes a slow path,
  // measured at 5-15 µs here against about 1 µs, when properties follow a spread in a literal.
  const base = {
    id: checkId(wire.id, `${field}.id`),
    from,
    to: checkNodeId(wire.to, `${field}.to`),
    key: checkKey(wire.key, `${field}.key`),
    index: checkCount(wire.index, `${field}.index`),
  };
  const at = `${field}.${body.$case}`;
  switch (body.$case) {
    case 'prepare':
      return Object.assign(base, {
        type: 'prepare' as const,
        ballot: checkBallot(body.value.ballot, `${at}.ballot`),
      });
    case 'promise':
    case 'accepted':
    case 'fastAccepted':
      return Object.assign(base, { type: body.$case }, acceptorReplyFromWire(body.value, at));
    case 'accept':
    case 'fastAccept':
    case 'chosen':
      return Object.assign(base, {
        type: body.$case,
        ballot: checkBallot(body.value.ballot, `${at}.ballot`),
        value: checkEntryValue(body.value.value, `${at}.value`),
      });
    case 'getChosen':
      return Object.assign(base, { type: 'getChosen' as const });
    case 'readProbe':
      return Object.assign(base, {
        type: 'readProbe' as const,
        readId: checkId(body.value.readId, `${at}.readId`),
      });
    case 'probeReply':
      return Object.assign(base, {
        type: 'probeReply' as const,
        readId: checkId(body.value.readId, `${at}.readId`),
        header: checkHeader(body.value.header, `${at}.header`),
        pending: body.value.pending,
      });
    case 'keyScan':
      return Object.assign(base, {
        type: 'keyScan' as const,
        afterKey: checkKey(body.value.afterKey, `${at}.afterKey`),
        limit: checkKeyScanLimit(body.value.limit, `${at}.limit`),
      });
    case 'keyScanReply':
      return Object.assign(base, { type: 'keyScanReply' as const }, keyScanReplyFromWire(body.value, at));
    case 'protocolMessage':
      throw foreignMessage(at, body.value.protocol, 'paxoskv');
  }
}

/** A message of another protocol than the cluster's: refused, naming both (one cluster runs one). */
export function foreignMessage(field: string, protocol: string, running: string): WireFormatError {
  return new WireFormatError(
    field,
    `is a ${JSON.stringify(protocol.slice(0, 40))} message; this agent runs ${running}`,
  );
}

function acceptorReplyFromWire(wire: WireAcceptorReply, field: string) {
  if ((wire.accepted === undefined) !== (wire.value === undefined)) {
    throw new WireFormatError(`${field}.value`, 'must be present exactly when accepted is present');
  }
  return {
    ballot: checkBallot(wire.ballot, `${field}.ballot`),
    ok: wire.ok,
    promised: checkBallot(wire.promised, `${field}.promised`),
    accepted: wire.accepted === undefined ? null : checkBallot(wire.accepted, `${field}.accepted`),
    value: wire.value === undefined ? null : checkEntryValue(wire.value, `${field}.value`),
  };
}

function checkKeyScanLimit(limit: number, field: string): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > keyScanLimitMax) {
    throw new WireFormatError(
      field,
      `must be an integer in 1..${keyScanLimitMax}, got ${limit}`,
      keyScanLimitMax,
    );
  }
  return limit;
}

function keyScanReplyFromWire(wire: WireKeyScanReply, field: string) {
  if (wire.entries.length > keyScanLimitMax) {
    throw overLimit(`${field}.entries`, wire.entries.length, 'entries', keyScanLimitMax);
  }
  const entries = wire.entries.map((entry, i) => ({
    key: checkKey(entry.key, `${field}.entries[${i}].key`),
    maxIndex: checkCount(entry.maxIndex, `${field}.entries[${i}].maxIndex`),
    chosenIndex: checkCount(entry.chosenIndex, `${field}.entries[${i}].chosenIndex`),
  }));
  const nextAfterKey =
    wire.nextAfterKey === undefined ? null : checkKey(wire.nextAfterKey, `${field}.nextAfterKey`);
  return { entries, nextAfterKey };
}

/** A received frame: the messages that decoded, and one error per message that did not. */
export interface DecodedPeerFrame<Message = PeerMessage> {
  from: NodeId;
  messages: Message[];
  rejected: WireFormatError[];
}

/** One wire message as a core message from `from`; throws WireFormatError naming `field`'s path. */
export type MessageFromWire<Message> = (wire: WirePeerMessage, from: NodeId, field: string) => Message;

/**
 * How an agent writes and reads its peer frames: PaxosKV's own messages (below), or another protocol's
 * generic envelope (protocol-envelope.ts). An agent picks one at start, from the topology's protocol.
 */
export interface PeerFrameCodec<Message extends { from: NodeId; id: string }> {
  encode(from: NodeId, messages: readonly Message[]): Uint8Array;
  /** Throws WireFormatError when the whole frame is refused; a bad message lands in `rejected`. */
  decode(bytes: Uint8Array): DecodedPeerFrame<Message>;
}

/** Builds the frame for messages that all come from `from`; a mismatch is a bug in the caller. */
export function frameToWire<Message extends { from: NodeId; id: string }>(
  from: NodeId,
  messages: readonly Message[],
  toWire: (message: Message) => WirePeerMessage,
): WirePeerFrame {
  for (const message of messages) {
    if (message.from !== from) {
      throw new Error(`peer frame from ${from} cannot carry message ${message.id} from ${message.from}`);
    }
  }
  return { from, messages: messages.map(toWire) };
}

export function peerFrameToWire(from: NodeId, messages: readonly PeerMessage[]): WirePeerFrame {
  return frameToWire(from, messages, peerMessageToWire);
}

/**
 * Validates a frame that gRPC has already parsed. A bad sender or an oversized batch rejects the whole
 * frame (throws WireFormatError); a bad message is set aside in `rejected` and the rest still count.
 */
export function frameFromWire<Message>(
  frame: WirePeerFrame,
  fromWire: MessageFromWire<Message>,
): DecodedPeerFrame<Message> {
  const from = checkNodeId(frame.from, 'frame.from');
  if (frame.messages.length > frameMessagesMax) {
    throw overLimit('frame.messages', frame.messages.length, 'messages', frameMessagesMax);
  }
  const decoded: DecodedPeerFrame<Message> = { from, messages: [], rejected: [] };
  frame.messages.forEach((wire, i) => {
    try {
      decoded.messages.push(fromWire(wire, from, `frame.messages[${i}]`));
    } catch (error) {
      if (!(error instanceof WireFormatError)) throw error;
      decoded.rejected.push(error);
    }
  });
  return decoded;
}

export function peerFrameFromWire(frame: WirePeerFrame): DecodedPeerFrame {
  return frameFromWire(frame, peerMessageFromWire);
}

export function encodePeerFrame(from: NodeId, messages: readonly PeerMessage[]): Uint8Array {
  return WirePeerFrame.encode(peerFrameToWire(from, messages)).finish();
}

/** Parses frame bytes; any parse failure becomes a WireFormatError on "frame". */
export function parsePeerFrame(bytes: Uint8Array): WirePeerFrame {
  try {
    return WirePeerFrame.decode(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new WireFormatError('frame', `is not a valid PeerFrame: ${reason}`);
  }
}

/** Parses and validates frame bytes of PaxosKV's messages. */
export function decodePeerFrame(bytes: Uint8Array): DecodedPeerFrame {
  return peerFrameFromWire(parsePeerFrame(bytes));
}

/** PaxosKV's frames: its own protobuf messages, as every PaxosKV agent has always sent them. */
export const paxosFrameCodec: PeerFrameCodec<PeerMessage> = {
  encode: encodePeerFrame,
  decode: decodePeerFrame,
};
