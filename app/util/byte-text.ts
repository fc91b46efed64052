/**
 * Byte values as text, the one way every process shows them (the console's KV and PLog views, the
 * checker's histories and reports): UTF-8 when the bytes are valid UTF-8, base64 otherwise, with the
 * encoding named. Uses only TextEncoder/TextDecoder and atob/btoa, which Node and browsers both provide.
 */

export type ValueEncoding = 'utf8' | 'base64';

const utf8Encoder = new TextEncoder();
/** fatal: reject invalid UTF-8 rather than replace it; ignoreBOM: keep a leading BOM as a byte. */
const strictUtf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** How many characters of a value a report shows. */
const valueShownMax = 40;
/** Binary strings are built in slices to stay under the engine's argument-count limit. */
const binaryChunkBytes = 0x8000;
/** Below this size a plain loop beats building an argument list (measured: about 2x on 100k values). */
const shortValueBytes = 256;

/** The text of bytes that are valid UTF-8, or null when they are not. */
export function bytesToUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8Decoder.decode(bytes);
  } catch {
    return null;
  }
}

export function utf8ToBytes(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

/** One char per byte (a "binary string"): what btoa takes, and an exact, cheap map key for bytes. */
export function bytesToBinaryString(bytes: Uint8Array): string {
  let binary = '';
  if (bytes.length <= shortValueBytes) {
    for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] ?? 0);
    return binary;
  }
  for (let start = 0; start < bytes.length; start += binaryChunkBytes) {
    binary += String.fromCharCode.apply(null, Array.from(bytes.subarray(start, start + binaryChunkBytes)));
  }
  return binary;
}

export function bytesToBase64(bytes: Uint8Array): string {
  return btoa(bytesToBinaryString(bytes));
}

/** The bytes of canonical padded base64 text, or null when the text is not that. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (!base64Pattern.test(text)) return null;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Bytes as text with the encoding named: UTF-8 when they are valid UTF-8, else base64. */
export function bytesAsText(bytes: Uint8Array): { value: string; valueEncoding: ValueEncoding } {
  const text = bytesToUtf8(bytes);
  return text === null
    ? { value: bytesToBase64(bytes), valueEncoding: 'base64' }
    : { value: text, valueEncoding: 'utf8' };
}

/** The encoding that shows all the given byte values as text: utf8 when every one allows it. */
export function encodingFor(values: readonly Uint8Array[]): ValueEncoding {
  return values.every((bytes) => bytesToUtf8(bytes) !== null) ? 'utf8' : 'base64';
}

/** Callers pick utf8 only through encodingFor, so invalid UTF-8 here is a programming error. */
export function bytesToText(bytes: Uint8Array, encoding: ValueEncoding): string {
  if (encoding === 'base64') return bytesToBase64(bytes);
  const text = bytesToUtf8(bytes);
  if (text === null) throw new Error('bytesToText: bytes are not valid UTF-8; use base64');
  return text;
}

/** The bytes a text field stands for, or null when base64 text is malformed. */
export function textToBytes(text: string, encoding: ValueEncoding): Uint8Array | null {
  return encoding === 'base64' ? base64ToBytes(text) : utf8ToBytes(text);
}

/** A value for a person: text quoted, other bytes as base64, long ones cut short, null as null. */
export function describeBytes(value: Uint8Array | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  const { value: text, valueEncoding } = bytesAsText(value);
  const shown = valueEncoding === 'base64' ? `base64:${text}` : JSON.stringify(text);
  return shown.length > valueShownMax ? `${shown.slice(0, valueShownMax - 1)}…` : shown;
}

const shownBytesMax = 24;
const traceDecoder = new TextDecoder();

/** Bytes as a quoted string, shortened when long, so a trace line stays one line. */
export function formatBytes(data: Uint8Array): string {
  const text = traceDecoder.decode(data.subarray(0, shownBytesMax));
  return JSON.stringify(data.length > shownBytesMax ? `${text}…` : text);
}
