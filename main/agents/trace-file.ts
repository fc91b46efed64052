/**
 * Trace files: one ClusterEvent per line as JSON. Export writes what the recorder holds; import checks
 * every line with the event model's parser and names the line and field of the first bad one.
 */
import { EventValidationError, parseClusterEvent, type ClusterEvent } from '../../app/model/cluster-event';
import { contractFailure } from '../../app/contract/errors';

export function formatTrace(events: readonly ClusterEvent[]): string {
  return events.map((event) => JSON.stringify(event)).join('\n') + (events.length > 0 ? '\n' : '');
}

export function parseTrace(text: string): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const lineNumber = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw contractFailure(
        'INVALID_TRACE',
        `text[line ${lineNumber}]`,
        `not JSON: ${(error as Error).message}`,
      );
    }
    try {
      events.push(parseClusterEvent(value));
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      throw contractFailure('INVALID_TRACE', `text[line ${lineNumber}].${error.field}`, error.message);
    }
  });
  return events;
}

/** A file name for an export, by the time it was taken. */
export function traceFileName(now = new Date()): string {
  return `paxoscope-trace-${now.toISOString().replace(/[:.]/g, '-')}.jsonl`;
}
