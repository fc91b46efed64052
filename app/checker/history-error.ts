import { FieldError } from '../util/field-error';

/** Where a bad operation sits: its line in a JSON-lines file, or its index in an array. */
export interface HistoryLocation {
  /** 1-based line number in the JSON-lines text. */
  line?: number;
  /** 0-based index in an operation array handed over in memory. */
  index?: number;
}

/** Bad history input, naming where it is, the field ("" for the operation itself), and the rule it broke. */
export class HistoryFormatError extends FieldError {
  override name = 'HistoryFormatError';
  readonly line: number | undefined;
  readonly index: number | undefined;

  constructor(location: HistoryLocation, field: string, rule: string) {
    super(field, rule);
    this.message = `${describeLocation(location)}${field === '' ? '' : `, field "${field}"`}: ${rule}`;
    this.line = location.line;
    this.index = location.index;
  }
}

function describeLocation(location: HistoryLocation): string {
  if (location.line !== undefined) return `line ${location.line}`;
  if (location.index !== undefined) return `operation [${location.index}]`;
  return 'history';
}

/** A short rendering of a bad value for an error message. */
export function showValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
