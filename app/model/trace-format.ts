/**
 * Trace files: a header line naming the format and the topology the events came from, then one
 * ClusterEvent per line as JSON. The console's main process writes and imports them, and the renderer
 * reads one to show beside a running cluster, both with this parser. A file without a header (written
 * before traces carried their topology) still reads, with no topology.
 */
import { EventValidationError, parseClusterEvent, type ClusterEvent } from './cluster-event';
import { TopologyError, validateTopology, type Topology } from './topology';
import { LineFieldError } from '../util/line-field-error';

export const traceFormatName = 'paxoscope-trace';
export const traceFormatVersion = 1;

export interface Trace {
  /** The topology of the cluster the events were recorded from, when the file says. */
  topology: Topology | null;
  events: ClusterEvent[];
}

/** A trace line that cannot be read: the line, then the field inside its JSON ("" for the whole line). */
export class TraceFormatError extends LineFieldError {
  override name = 'TraceFormatError';

  constructor(line: number, field: string, reason: string, limit?: number) {
    super(line, field, reason, limit);
    if (field === '') this.message = `line ${line}: ${reason}`;
  }
}

export function formatTrace(events: readonly ClusterEvent[], topology: Topology | null = null): string {
  const header = { format: traceFormatName, version: traceFormatVersion, topology };
  return [header, ...events].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** Reads a trace; throws TraceFormatError naming the line and field of the first thing wrong. */
export function parseTrace(text: string): Trace {
  const trace: Trace = { topology: null, events: [] };
  let first = true;
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const value = parseLine(line, index + 1);
    if (first && isHeader(value)) trace.topology = headerTopology(value, index + 1);
    else trace.events.push(eventOf(value, index + 1));
    first = false;
  });
  return trace;
}

function parseLine(line: string, lineNumber: number): unknown {
  try {
    return JSON.parse(line);
  } catch (error) {
    throw new TraceFormatError(lineNumber, '', `not JSON: ${(error as Error).message}`);
  }
}

function isHeader(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && 'format' in value;
}

function headerTopology(header: Record<string, unknown>, lineNumber: number): Topology | null {
  if (header.format !== traceFormatName) {
    throw new TraceFormatError(lineNumber, 'format', `must be "${traceFormatName}"`);
  }
  if (header.version !== traceFormatVersion) {
    const got = JSON.stringify(header.version);
    throw new TraceFormatError(
      lineNumber,
      'version',
      `this console reads version ${traceFormatVersion}, got ${got}`,
    );
  }
  if (header.topology === null || header.topology === undefined) return null;
  try {
    return validateTopology(header.topology);
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    throw TraceFormatError.at(lineNumber, error.under('topology'));
  }
}

function eventOf(value: unknown, lineNumber: number): ClusterEvent {
  try {
    return parseClusterEvent(value);
  } catch (error) {
    if (!(error instanceof EventValidationError)) throw error;
    throw TraceFormatError.at(lineNumber, error);
  }
}
