/**
 * The run's branches as a tree; click one to switch to it (its whole future replays in main). Share
 * (app/simulator/run-export.ts) carries only the path to the present, which the panel says.
 */
import type { SimulationView } from '../../../app/contract/simulation-commands';
import type { ConsoleHandle } from '../../actions/console-handle';
import { actOnSimulation } from './simulation-actions';

type Branch = SimulationView['branches'][number];

interface Props {
  consoleHandle: ConsoleHandle;
  view: SimulationView;
}

export function BranchTree({ consoleHandle, view }: Props) {
  const children = new Map<number | null, Branch[]>();
  for (const branch of view.branches) {
    children.set(branch.parentId, [...(children.get(branch.parentId) ?? []), branch]);
  }
  const render = (parentId: number | null) => {
    const list = children.get(parentId);
    if (!list) return null;
    return (
      <ul>
        {list.map((branch) => (
          <li key={branch.id}>
            <button
              className={branch.id === view.currentBranchId ? 'link current' : 'link'}
              aria-current={branch.id === view.currentBranchId}
              data-branch={branch.id}
              onClick={() =>
                void actOnSimulation(consoleHandle, { action: 'switchBranch', branchId: branch.id })
              }
            >
              {branch.label}
            </button>{' '}
            {branch.id === view.currentBranchId && <strong> ◀ here</strong>}{' '}
            <span className="dim">
              to step {branch.endStep}, t={branch.endMs} ms
            </span>
            {render(branch.id)}
          </li>
        ))}
      </ul>
    );
  };
  return (
    <div className="sim-branches" aria-label="branches">
      <h3>Branches</h3>
      {render(null)}
      <p className="dim" data-testid="share-scope">
        Share hands out the run to the step shown, on this branch only: other branches and steps undone stay
        here.
      </p>
    </div>
  );
}
