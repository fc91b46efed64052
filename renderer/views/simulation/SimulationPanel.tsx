/**
 * The simulated cluster's panel (docs/simulated-cluster.md): run free or pause, step one event, step
 * back and forward, run until a condition, branch; the messages on the wire and the timers due, each a
 * button (deliver it now, fire it now); the safety checks, red with the breaking event when one
 * fails; and the branch tree, whose branches are buttons to switch. Renders nothing unless the console
 * shows a simulated cluster; it also opens a scenario from the address (#sim=…).
 */
import { useConsole, useConsoleState } from '../use-console';
import { BranchTree } from './BranchTree';
import { InvariantList } from './InvariantList';
import { PendingList } from './PendingList';
import { SimControls } from './SimControls';
import { stopSimulation } from './simulation-actions';
import { useScenarioUrl } from './use-scenario-url';
import { useSimulationView } from './use-simulation-view';
import './simulation.css';

export function SimulationPanel() {
  useScenarioUrl();
  useSimulationView();
  const view = useConsoleState((state) => state.simulation);
  const consoleHandle = useConsole();
  if (!view) return null;
  return (
    <section className="panel simulation-panel" aria-label="simulation" data-step={view.stepCount}>
      <h2>
        Simulation <span className="dim">seed {view.seed}</span>
      </h2>
      <p className="sim-clock" data-running={view.running}>
        t = <strong data-testid="sim-now">{view.nowMs}</strong> ms · step{' '}
        <strong data-testid="sim-step">{view.stepCount}</strong>
        {view.stepsAhead > 0 && <span className="dim"> ({view.stepsAhead} ahead, undone)</span>} ·{' '}
        {view.running ? (view.holding ? 'held: time stands still' : `running at ${view.pace}×`) : 'paused'}
      </p>
      <SimControls consoleHandle={consoleHandle} view={view} />
      <InvariantList view={view} />
      <PendingList consoleHandle={consoleHandle} view={view} />
      <BranchTree consoleHandle={consoleHandle} view={view} />
      <button onClick={() => void stopSimulation(consoleHandle)} title="End the simulated run">
        Stop simulation
      </button>
    </section>
  );
}
