/**
 * Export the recorder as a JSON-lines trace file (saved through a download link, since the page has no
 * file system) and import one for offline viewing.
 */
import type { Console } from './console-context';
import { failureText, pushNotice } from './notices';

export async function exportTrace(console: Console): Promise<void> {
  try {
    const trace = await console.client.call('exportTrace', {});
    const url = URL.createObjectURL(new Blob([trace.text], { type: 'application/x-ndjson' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = trace.fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    pushNotice(console.store, {
      tone: 'success',
      text: `Exported ${trace.eventCount} events to ${trace.fileName}.`,
      undo: null,
    });
  } catch (error) {
    pushNotice(console.store, { tone: 'error', text: `Export failed: ${failureText(error)}`, undo: null });
  }
}

export async function importTrace(console: Console, file: File): Promise<void> {
  try {
    const text = await file.text();
    const result = await console.client.call('importTrace', { fileName: file.name, text });
    pushNotice(console.store, {
      tone: 'success',
      text: `Imported ${result.eventCount} events from ${file.name}.`,
      undo: null,
    });
  } catch (error) {
    pushNotice(console.store, { tone: 'error', text: `Import failed: ${failureText(error)}`, undo: null });
  }
}
