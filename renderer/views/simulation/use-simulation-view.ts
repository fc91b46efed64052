/** Keeps the simulation view in the store fresh while the console shows a simulated cluster. */
import { useEffect } from 'react';
import { useConsole, useConsoleState } from '../use-console';
import { refreshSimulation, simulationPollMs } from './simulation-actions';

export function useSimulationView(): void {
  const consoleHandle = useConsole();
  const simulated = useConsoleState(
    (state) => state.cluster.mode === 'simulated' && state.cluster.phase === 'running',
  );
  useEffect(() => {
    if (!simulated) {
      consoleHandle.store.setState({ simulation: null });
      return;
    }
    void refreshSimulation(consoleHandle);
    const timer = setInterval(() => void refreshSimulation(consoleHandle), simulationPollMs);
    return () => clearInterval(timer);
  }, [consoleHandle, simulated]);
}
