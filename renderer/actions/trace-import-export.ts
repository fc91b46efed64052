/**
 * Export the recorder as a trace file (saved through a download link, since the page has no file
 * system) and import one. With no cluster running, main loads the file for offline viewing; beside a
 * running cluster the renderer shows it itself, in place of live, until the person returns to live.
 */
import { nodeLocations } from '../../app/model/topology';
import { parseTrace } from '../../app/model/trace-format';
import { ingestBatch } from '../store/ingest';
import { emptyObservedCluster } from '../store/observed-cluster';
import type { ConsoleStoreApi } from '../store/store';
import type { ConsoleHandle } from './console-handle';
import { pushFailure, pushNotice } from './notices';

export async function exportTrace(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    const trace = await consoleHandle.client.call('exportTrace', {});
    const url = URL.createObjectURL(new Blob([trace.text], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = trace.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `Exported ${trace.eventCount} events to ${trace.fileName}.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Export failed', error);
  }
}

export async function importTrace(consoleHandle: ConsoleHandle, file: File): Promise<void> {
  try {
    const text = await file.text();
    const { mode } = consoleHandle.store.getState().cluster;
    const eventCount =
      mode === 'spawned' || mode === 'attached'
        ? viewTrace(consoleHandle.store, file.name, text)
        : (await consoleHandle.client.call('importTrace', { fileName: file.name, text })).eventCount;
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `Imported ${eventCount} events from ${file.name}.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Import failed', error);
  }
}

/**
 * Shows a trace in place of the live cluster (which keeps running and recording): its events folded
 * into their own observed state, drawn on the file's topology. Returns how many events it holds; a bad
 * file throws a TraceFormatError naming the line and field.
 */
export function viewTrace(store: ConsoleStoreApi, name: string, text: string): number {
  const { topology, events } = parseTrace(text);
  const start = emptyObservedCluster(topology ? nodeLocations(topology).map((node) => node.id) : []);
  const observed = ingestBatch(start, events);
  store.setState({
    viewedTrace: { name, topology, observed },
    rewound: observed,
    rewindN: observed.eventCount,
  });
  return events.length;
}
