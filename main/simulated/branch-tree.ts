/**
 * The branches of one simulated run, as a tree: each branch is the whole input log it reached (with
 * the seed, a complete replay) with its checkpoints, and the events it had shown, and remembers the
 * branch and step it left from. Only the current branch lives in the history; the others are put
 * aside (History.saveBranch) and restored from their last checkpoint on a switch.
 */
import { contractFailure } from '../../app/contract/errors';
import { simulationLimits } from '../../app/contract/simulation-commands';
import type { ClusterEvent } from '../../app/model/cluster-event';
import type { SavedBranch } from '../../app/simulator/time-travel';

/** An event with the step that produced it, so a step back keeps exactly the events before it. */
export interface StepEvent {
  step: number;
  event: ClusterEvent;
}

export interface Branch {
  id: number;
  parentId: number | null;
  label: string;
  forkStep: number;
  /** Saved when the branch was left: its log and checkpoints, how far it had got, and its events. */
  saved: SavedBranch | null;
  endStep: number;
  endMs: number;
  events: StepEvent[];
}

export class BranchTree {
  private readonly branches = new Map<number, Branch>();
  private currentId = 1;
  private nextId = 2;

  constructor() {
    this.branches.set(1, {
      id: 1,
      parentId: null,
      label: 'main',
      forkStep: 0,
      saved: null,
      endStep: 0,
      endMs: 0,
      events: [],
    });
  }

  get current(): Branch {
    return this.branches.get(this.currentId)!;
  }

  all(): Branch[] {
    return [...this.branches.values()];
  }

  /** Records where the current branch is before it is left (or shown). */
  save(saved: SavedBranch, endStep: number, endMs: number, events: StepEvent[]): void {
    Object.assign(this.current, { saved, endStep, endMs, events });
  }

  /** A new child of the current branch, leaving it at `forkStep`; it becomes current. */
  fork(forkStep: number): Branch {
    if (this.branches.size >= simulationLimits.branchesMax) {
      throw contractFailure(
        'INVALID_STATE',
        'branchId',
        `a run keeps at most ${simulationLimits.branchesMax} branches`,
        simulationLimits.branchesMax,
      );
    }
    const id = this.nextId++;
    const parent = this.current;
    const branch: Branch = {
      id,
      parentId: parent.id,
      label: `branch ${id} (from ${parent.label} at step ${forkStep})`,
      forkStep,
      saved: null,
      endStep: forkStep,
      endMs: 0,
      events: parent.events.filter((tagged) => tagged.step <= forkStep),
    };
    this.branches.set(id, branch);
    this.currentId = id;
    return branch;
  }

  /** Makes another (saved) branch current and returns it; the caller restores it. */
  select(id: number): Branch & { saved: SavedBranch } {
    const branch = this.branches.get(id);
    if (!branch?.saved) {
      const known = [...this.branches.keys()].join(', ');
      throw contractFailure('INVALID_INPUT', 'branchId', `no branch ${id} (branches: ${known})`);
    }
    this.currentId = id;
    return branch as Branch & { saved: SavedBranch };
  }
}
