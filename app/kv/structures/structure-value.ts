/**
 * What every data structure's stored value shares: a JSON document whose `format` names the kind and
 * the encoding's version ("paxoscope/queue-segment@1"), decoded with validation so that a value that is
 * not what the key should hold (corrupt, written by hand, or of another kind) is a CorruptValueError
 * naming the key and the field, never a crash. Values are JSON so the console's PLog lens and `npm run
 * kv -- get` show them as readable text. Sizes are UTF-8 bytes of the encoded document.
 */
import type { z } from 'zod';
import { bytesToUtf8, utf8ToBytes } from '../../util/byte-text';
import { FieldError, zodProblem } from '../../util/field-error';

/** A stored value that does not decode as the structure the key belongs to. */
export class CorruptValueError extends Error {
  override name = 'CorruptValueError';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`key "${key}" does not hold what it should: ${reason}`);
  }
}

/**
 * How large one structure value may grow: the topology's value limit, or less (every write carries the
 * key's whole value through Paxos and into each replica's PLog, so smaller values keep writes cheap).
 */
export interface StructureLimits {
  /** The largest encoded value a write may produce, in bytes. */
  valueBytesMax: number;
  /** The topology's key limit: names and primary keys must leave every key within it. */
  keyBytesMax: number;
}

/** The format tag of kind `kind` at encoding version `version`. */
export function formatTag(kind: string, version: number): string {
  return `paxoscope/${kind}@${version}`;
}

export function byteLength(text: string): number {
  return utf8ToBytes(text).byteLength;
}

/** Encodes a document; the caller builds it with its fields in a fixed order, so equal states encode alike. */
export function encodeDocument(document: object): Uint8Array {
  return utf8ToBytes(JSON.stringify(document));
}

/**
 * Decodes `bytes` read from `key` as the document `schema` describes, whose format must be `format`.
 * A document of the same kind at another version names both, so an old client says why it stops.
 */
export function decodeDocument<T>(key: string, bytes: Uint8Array, format: string, schema: z.ZodType<T>): T {
  const text = bytesToUtf8(bytes);
  if (text === null) throw new CorruptValueError(key, 'the value is not UTF-8 text');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CorruptValueError(key, `the value is not JSON (starts ${JSON.stringify(text.slice(0, 24))})`);
  }
  const found = (parsed as { format?: unknown } | null)?.format;
  if (found !== format) {
    const kind = format.slice(0, format.indexOf('@') + 1);
    const what = typeof found === 'string' ? `"${found}"` : 'no format';
    const why = typeof found === 'string' && found.startsWith(kind) ? ' (another version of it)' : '';
    throw new CorruptValueError(key, `format: expected "${format}", found ${what}${why}`);
  }
  const checked = schema.safeParse(parsed);
  if (!checked.success) {
    const problem = zodProblem(checked.error);
    throw new CorruptValueError(key, `${problem.field}: ${problem.reason}`);
  }
  return checked.data;
}

/** Refuses text that is empty (when `nonEmpty`) or longer than `bytesMax` UTF-8 bytes. */
export function checkText(field: string, text: string, bytesMax: number, nonEmpty = true): void {
  if (nonEmpty && text.length === 0) throw new FieldError(field, 'must not be empty');
  const bytes = byteLength(text);
  if (bytes > bytesMax) {
    throw new FieldError(field, `must be at most ${bytesMax} bytes (UTF-8), got ${bytes}`, bytesMax);
  }
}
