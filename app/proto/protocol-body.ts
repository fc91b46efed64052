/**
 * The body of the generic envelopes (ProtocolMessage in peer_messages.proto, ProtocolRecordData in
 * plog_record.proto): a protocol's message or record as UTF-8 JSON. JSON has no bytes, so a Uint8Array
 * is written as an object with one field, {"$bytes": "<base64>"}, and read back as a Uint8Array; every
 * other value is plain JSON (no undefined, no NaN: the teaching protocols' messages hold neither). The
 * readable form suits teaching protocols and costs what they can pay; PaxosKV keeps its protobuf
 * messages. Decoding checks only that the bytes are such JSON: what the value may hold is the
 * protocol's wire description's to check (app/protocol/protocol-wire.ts).
 */
import { WireFormatError } from './wire-format-error';

const bytesField = '$bytes';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
/** Characters per String.fromCharCode call: large values would overflow the call's argument list. */
const charsPerCall = 0x8000;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += charsPerCall) {
    binary += String.fromCharCode(...bytes.subarray(i, i + charsPerCall));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The JSON body of `value` (a message without its envelope fields, or a record). The replacer looks at
 * the field before its toJSON runs (`holder[name]`): a Node Buffer, which is a Uint8Array, would
 * otherwise arrive as {"type": "Buffer", "data": [...]}.
 */
export function encodeBody(value: object): Uint8Array {
  const json = JSON.stringify(value, function (this: Record<string, unknown>, name: string, field: unknown) {
    const original = this[name];
    return original instanceof Uint8Array ? { [bytesField]: toBase64(original) } : field;
  });
  return encoder.encode(json);
}

/** Parses a body; throws WireFormatError on `field` when it is not UTF-8 JSON of an object. */
export function decodeBody(bytes: Uint8Array, field: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes), (_name, parsed: unknown) => revive(parsed));
  } catch (error) {
    throw new WireFormatError(field, `is not a JSON body: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new WireFormatError(field, 'must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/** {"$bytes": base64} back to bytes; anything else as parsed. Bad base64 throws (a DOMException). */
function revive(parsed: unknown): unknown {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return parsed;
  const fields = Object.keys(parsed);
  if (fields.length !== 1 || fields[0] !== bytesField) return parsed;
  const text = (parsed as Record<string, unknown>)[bytesField];
  if (typeof text !== 'string') return parsed;
  try {
    return fromBase64(text);
  } catch {
    throw new Error(`"${bytesField}" holds no base64`);
  }
}
