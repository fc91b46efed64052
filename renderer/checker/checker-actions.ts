/** What the Checker panel does: open and close, start and stop a run, save the last one. */
import type { StartCheckerRunInput } from '../../app/contract/checker-run';
import type { ConsoleHandle } from '../actions/console-handle';
import { pushFailure, pushNotice } from '../actions/notices';
import type { ConsoleStoreApi } from '../store/store';

export function toggleChecker(store: ConsoleStoreApi, open?: boolean): void {
  store.setState((state) => ({ checkerOpen: open ?? !state.checkerOpen }));
}

export async function startCheckerRun(
  consoleHandle: ConsoleHandle,
  input: StartCheckerRunInput,
): Promise<void> {
  try {
    const started = await consoleHandle.client.call('startCheckerRun', input);
    pushNotice(consoleHandle.store, {
      tone: 'info',
      text: `Checked run started: ${started.keys.length} keys, seed ${started.settings.seed}.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Cannot start', error);
  }
}

export async function stopCheckerRun(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    await consoleHandle.client.call('stopCheckerRun', {});
  } catch (error) {
    pushFailure(consoleHandle.store, 'Cannot stop', error);
  }
}

/** Saves the history (JSON lines) and the HTML view through download links, as trace export does. */
export async function saveCheckerRun(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    const saved = await consoleHandle.client.call('exportCheckerRun', {});
    download(saved.historyFileName, saved.history, 'application/x-ndjson');
    download(saved.htmlFileName, saved.html, 'text/html');
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `Saved ${saved.operationCount} operations to ${saved.historyFileName} and ${saved.htmlFileName}.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Save failed', error);
  }
}

function download(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
