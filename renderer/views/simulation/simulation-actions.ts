/**
 * What the simulation panel asks of main: the view, and actions on the run's time. Every answer is the
 * view after it, put in the store at once so the panel never waits for the next poll; a refusal becomes
 * a notice naming the field.
 */
import type { SimulationAction, SimulationView } from '../../../app/contract/simulation-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { pushFailure } from '../../actions/notices';

/** How often the panel reads the view while a simulated cluster is shown, in ms. */
export const simulationPollMs = 300;

export async function refreshSimulation(consoleHandle: ConsoleHandle): Promise<SimulationView | null> {
  try {
    const view = await consoleHandle.client.call('simulationView', {});
    consoleHandle.store.setState({ simulation: view });
    return view;
  } catch {
    consoleHandle.store.setState({ simulation: null });
    return null;
  }
}

export async function actOnSimulation(
  consoleHandle: ConsoleHandle,
  action: SimulationAction,
): Promise<SimulationView | null> {
  try {
    const view = await consoleHandle.client.call('simulationAct', action);
    consoleHandle.store.setState({ simulation: view });
    return view;
  } catch (error) {
    pushFailure(consoleHandle.store, 'Simulation', error);
    return null;
  }
}

export async function stopSimulation(consoleHandle: ConsoleHandle): Promise<void> {
  try {
    await consoleHandle.client.call('stopCluster', {});
  } catch (error) {
    pushFailure(consoleHandle.store, 'Stop', error);
  }
}
