/**
 * The JSON-lines form of a history: one operation per line, byte values as UTF-8 text or base64 as
 * the line's "encoding" field says. docs/history-format.md is the specification.
 */
import type { HistoryOperation } from './history';
import { HistoryFormatError, showValue, type HistoryLocation } from './history-error';
import { validateOperation } from './history-validation';
import { bytesToText, encodingFor, textToBytes, type ValueEncoding } from '../util/byte-text';

const encodings: readonly ValueEncoding[] = ['utf8', 'base64'];

/** Parses a whole JSON-lines history; blank lines are skipped. Throws HistoryFormatError. */
export function parseHistory(text: string): HistoryOperation[] {
  const operations: HistoryOperation[] = [];
  const lineById = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const lineText = (lines[i] ?? '').replace(/\r$/, '');
    if (lineText.trim() === '') continue;
    const operation = decodeOperationLine(lineText, i + 1);
    const firstLine = lineById.get(operation.id);
    if (firstLine !== undefined) {
      throw new HistoryFormatError(
        { line: i + 1 },
        'id',
        `must be unique, "${operation.id}" is also on line ${firstLine}`,
      );
    }
    lineById.set(operation.id, i + 1);
    operations.push(operation);
  }
  return operations;
}

/** One line per operation, each ending in a newline. */
export function formatHistory(operations: readonly HistoryOperation[]): string {
  return operations.map((operation) => encodeOperationLine(operation) + '\n').join('');
}

/** Decodes one JSON line; `line` is its 1-based number, used in error messages. */
export function decodeOperationLine(lineText: string, line: number): HistoryOperation {
  const location: HistoryLocation = { line };
  let parsed: unknown;
  try {
    parsed = JSON.parse(lineText);
  } catch (error) {
    throw new HistoryFormatError(location, '', `is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HistoryFormatError(location, '', `must be a JSON object, got ${showValue(parsed)}`);
  }
  const { encoding: rawEncoding, ...fields } = parsed as Record<string, unknown>;
  const encoding = decodeEncoding(rawEncoding, location);
  if ('value' in fields) fields.value = decodeValue(fields.value, 'value', encoding, location, false);
  const result = fields.result;
  if (typeof result === 'object' && result !== null && 'value' in result) {
    const resultFields = { ...(result as Record<string, unknown>) };
    resultFields.value = decodeValue(resultFields.value, 'result.value', encoding, location, true);
    fields.result = resultFields;
  }
  return validateOperation(fields, location);
}

/** Encodes one operation as a JSON line (no newline); picks utf8 unless some value needs base64. */
export function encodeOperationLine(operation: HistoryOperation): string {
  const resultValue = operation.result?.value;
  const values = [operation.value, resultValue].filter(
    (value): value is Uint8Array => value instanceof Uint8Array,
  );
  const encoding = encodingFor(values);
  const line: Record<string, unknown> = {
    id: operation.id,
    client: operation.client,
    kind: operation.kind,
    key: operation.key,
  };
  if (operation.value !== undefined) line.value = bytesToText(operation.value, encoding);
  if (operation.expectedVersion !== undefined) line.expectedVersion = operation.expectedVersion;
  line.callMs = operation.callMs;
  line.returnMs = operation.returnMs;
  line.outcome = operation.outcome;
  if (operation.result !== undefined) {
    const { value, ...rest } = operation.result;
    line.result =
      value === undefined ? rest : { value: value === null ? null : bytesToText(value, encoding), ...rest };
  }
  if (encoding !== 'utf8') line.encoding = encoding;
  return JSON.stringify(line);
}

function decodeEncoding(raw: unknown, location: HistoryLocation): ValueEncoding {
  if (raw === undefined) return 'utf8';
  if (typeof raw === 'string' && (encodings as readonly string[]).includes(raw)) return raw as ValueEncoding;
  throw new HistoryFormatError(
    location,
    'encoding',
    `must be one of ${encodings.join(', ')}, got ${showValue(raw)}`,
  );
}

function decodeValue(
  raw: unknown,
  field: string,
  encoding: ValueEncoding,
  location: HistoryLocation,
  nullable: boolean,
): unknown {
  if (raw === null && nullable) return null;
  if (typeof raw !== 'string') {
    const expected = nullable ? `${encoding} text or null` : `${encoding} text`;
    throw new HistoryFormatError(location, field, `must be ${expected}, got ${showValue(raw)}`);
  }
  const bytes = textToBytes(raw, encoding);
  if (bytes === null) {
    throw new HistoryFormatError(location, field, `must be padded standard base64, got ${showValue(raw)}`);
  }
  return bytes;
}
