/**
 * Share a simulated scenario (app/simulator/scenario-share.ts): main gives the run as it stands as a
 * `#sim=` fragment and a file; the file downloads through a link, since the page has no file system.
 * A scenario file opens through the same start as a `#sim=` address, paused at its end.
 */
import { scenarioFromFile, scenarioToFragment } from '../../../app/simulator/scenario-share';
import type { ConsoleHandle } from '../../actions/console-handle';
import { makeWayForNewCluster } from '../../actions/make-way';
import { pushFailure, pushNotice } from '../../actions/notices';

export async function shareScenario(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    const shared = await consoleHandle.client.call('shareScenario', {});
    consoleHandle.store.setState({ shared });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Share', error);
  }
}

/** The address that opens `fragment` on this console's page, without this console's token. */
export function sharedAddress(fragment: string, location: Pick<Location, 'origin' | 'pathname'>): string {
  return `${location.origin}${location.pathname}${fragment}`;
}

export function downloadScenario(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function openScenarioFile(consoleHandle: ConsoleHandle, file: File): Promise<void> {
  try {
    const scenario = scenarioToFragment(scenarioFromFile(await file.text()));
    await makeWayForNewCluster(consoleHandle);
    const started = await consoleHandle.client.call('startSimulatedCluster', { scenario, paused: true });
    pushNotice(consoleHandle.store, {
      tone: 'success',
      text: `Opened ${file.name}: seed ${started.seed}, ${started.nodes.length} nodes.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, `Scenario file ${file.name}`, error);
  }
}
