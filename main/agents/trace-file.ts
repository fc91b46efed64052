/**
 * Trace files as the console's commands see them: the format is app/model/trace-format.ts; here a bad
 * file becomes the contract's INVALID_TRACE error naming `text[line N].field`, and exports get a name.
 */
import { contractFailure } from '../../app/contract/errors';
import { parseTrace, TraceFormatError, type Trace } from '../../app/model/trace-format';

export { formatTrace } from '../../app/model/trace-format';

export function readTrace(text: string): Trace {
  try {
    return parseTrace(text);
  } catch (error) {
    if (!(error instanceof TraceFormatError)) throw error;
    const field = `text[line ${error.line}]${error.field ? `.${error.field}` : ''}`;
    throw contractFailure('INVALID_TRACE', field, error.message, error.limit);
  }
}

/** A file name for an export, by the time it was taken. */
export function traceFileName(now = new Date()): string {
  return `paxoscope-trace-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`;
}
