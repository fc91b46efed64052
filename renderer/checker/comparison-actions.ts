/** What the Checker panel's comparison mode does: switch modes, start and stop a comparison. */
import type { StartComparisonInput } from '../../app/contract/comparison-run';
import type { ConsoleHandle } from '../actions/console-handle';
import { pushFailure, pushNotice } from '../actions/notices';
import type { CheckerMode } from '../store/slices/comparison-slice';
import type { ConsoleStoreApi } from '../store/store';

export function setCheckerMode(store: ConsoleStoreApi, checkerMode: CheckerMode): void {
  store.setState({ checkerMode });
}

export async function startComparison(
  consoleHandle: ConsoleHandle,
  input: StartComparisonInput,
): Promise<void> {
  try {
    const started = await consoleHandle.client.call('startComparison', input);
    const { protocols, durationMs, seed } = started.settings;
    pushNotice(consoleHandle.store, {
      tone: 'info',
      text: `Comparison started: ${protocols.join(', ')}, ${durationMs / 1000} s each on a fresh cluster, seed ${seed}.`,
      undo: null,
    });
  } catch (error) {
    pushFailure(consoleHandle.store, 'Cannot compare', error);
  }
}

export async function stopComparison(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    await consoleHandle.client.call('stopComparison', {});
  } catch (error) {
    pushFailure(consoleHandle.store, 'Cannot stop', error);
  }
}
