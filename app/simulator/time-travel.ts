/**
 * Time travel over a simulation, raftscope style: every input goes into a log, a checkpoint (a cloned
 * state) is kept every K steps, and `seek(t)` (by time) or `seekStep(n)` (by step) restores the last
 * checkpoint before the target and replays the log up to it. A new input applied after seeking back
 * forks: the rest of the old log is discarded (a caller keeping branches saves `fullLog()` first and
 * comes back with `switchTo`). Watchers whose own state follows the run (the safety checkers) are
 * checkpointed with it and see every replayed step, so they never hold facts from an undone future.
 */
import { parseSimulationInput, simInputSchema, type SimInput, type SimInputDraft } from './inputs';
import { nextEventAtMs } from './scheduler';
import type { SimObserver } from './sim-observer';
import type { SimState } from './sim-state';
import type { Simulation } from './simulation';

export interface HistoryOptions {
  /** Keep a checkpoint once this many steps (events and inputs) have passed since the last one. */
  checkpointEverySteps: number;
  /** Long advances are logged in slices of at most this many ms, so a seek replays little. */
  advanceSliceMs: number;
  /**
   * Every checkpoint within this many steps of the newest is kept; older ones are thinned so that two
   * kept ones are at most a quarter of their age apart (or checkpointEverySteps): memory grows with the
   * logarithm of the run's length, and a seek far back replays at most a quarter of the way back.
   * Infinity (the default): never thinned.
   */
  denseSteps: number;
}

/** An observer with state of its own that must follow the run back and forth (a safety checker). */
export interface RewindableObserver extends SimObserver {
  /** A copy of its state, kept with a checkpoint. */
  save(): unknown;
  /** Puts back a state `save` returned. */
  load(saved: unknown): void;
}

/** A branch put aside: its whole log and its checkpoints, to come back to without replaying it all. */
export interface SavedBranch {
  readonly log: readonly SimInput[];
  readonly checkpoints: readonly Checkpoint[];
}

interface Checkpoint {
  /** How many log entries the state reflects. */
  logLength: number;
  state: SimState;
  /** Each rewindable watcher's saved state, in the order of `watchers`. */
  watched: unknown[];
}

export class History {
  private log: SimInput[] = [];
  /** How many log entries the simulation's state reflects. */
  private cursor = 0;
  /**
   * After a seek that stopped inside an advance: what was applied of it instead (a shorter advance,
   * or single steps), logged in its place when the run forks there.
   */
  private partial: SimInput[] = [];
  private checkpoints: Checkpoint[];
  private readonly options: HistoryOptions;

  constructor(
    readonly sim: Simulation,
    options: Partial<HistoryOptions> = {},
    /** Stateful watchers, already among sim.observers, rewound with the run. */
    private readonly watchers: readonly RewindableObserver[] = [],
  ) {
    this.options = { checkpointEverySteps: 500, advanceSliceMs: 100, denseSteps: Infinity, ...options };
    this.checkpoints = [this.checkpointHere()];
  }

  /** The inputs that produced the current state, in order; with the seed, a complete replay. */
  inputs(): SimInput[] {
    return [...this.log.slice(0, this.cursor), ...this.partial];
  }

  /** Every logged input, including those a seek undid (the whole branch, to come back to). */
  fullLog(): SimInput[] {
    return this.log.slice();
  }

  /** This branch as it stands (log and checkpoints; a checkpoint is never changed once taken). */
  saveBranch(): SavedBranch {
    return { log: this.log.slice(), checkpoints: this.checkpoints.slice() };
  }

  /**
   * Makes a saved branch the run again, at its end: from its last checkpoint, replaying only what
   * follows it (observers other than the watchers are not told).
   */
  restoreBranch(saved: SavedBranch): void {
    this.log = saved.log.slice();
    this.checkpoints = saved.checkpoints.slice();
    this.replayFrom(
      () => true,
      () => {
        while (this.cursor < this.log.length) this.sim.apply(this.log[this.cursor++]!);
      },
    );
  }

  /** True when inputs were undone by a seek and could be replayed forward again. */
  canRedo(): boolean {
    return this.cursor < this.log.length;
  }

  /** Applies an input and logs it (forking first if the state is in the past). */
  apply(draft: SimInputDraft): void {
    const input = parseSimulationInput(simInputSchema, draft, 'input');
    this.fork();
    if (input.kind !== 'advance') return this.record(input);
    for (let now = this.sim.nowMs; now < input.toMs; now = this.sim.nowMs) {
      const sliceEnd = (Math.floor(now / this.options.advanceSliceMs) + 1) * this.options.advanceSliceMs;
      this.record({ kind: 'advance', toMs: Math.min(input.toMs, sliceEnd) });
    }
  }

  private record(input: SimInput): void {
    this.sim.apply(input);
    this.log.push(input);
    this.cursor = this.log.length;
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    if (this.sim.state.stepCount - last.state.stepCount >= this.options.checkpointEverySteps) {
      this.checkpoints.push(this.checkpointHere());
      this.thin();
    }
  }

  /** How many checkpoints this branch keeps (the first and the newest always). */
  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** Drops the older checkpoints denseSteps allows to go, newest to oldest (see HistoryOptions). */
  private thin(): void {
    const { denseSteps, checkpointEverySteps } = this.options;
    if (!Number.isFinite(denseSteps)) return;
    const newest = this.sim.state.stepCount;
    const kept = [this.checkpoints[this.checkpoints.length - 1]!];
    for (let i = this.checkpoints.length - 2; i >= 1; i -= 1) {
      const checkpoint = this.checkpoints[i]!;
      const older = this.checkpoints[i - 1]!.state.stepCount;
      const gapWithout = kept[kept.length - 1]!.state.stepCount - older;
      const allowed = Math.max(checkpointEverySteps, (newest - older) / 4);
      if (newest - checkpoint.state.stepCount <= denseSteps || gapWithout > allowed) kept.push(checkpoint);
    }
    kept.push(this.checkpoints[0]!);
    this.checkpoints = kept.reverse();
  }

  private checkpointHere(): Checkpoint {
    return {
      logLength: this.cursor,
      state: structuredClone(this.sim.state),
      watched: this.watchers.map((watcher) => watcher.save()),
    };
  }

  private fork(): void {
    if (this.cursor === this.log.length && this.partial.length === 0) return;
    this.truncate(this.cursor);
    this.log.push(...this.partial);
    this.cursor = this.log.length;
    this.partial = [];
  }

  /** Forgets the log from `length` on, and the checkpoints taken after it. */
  private truncate(length: number): void {
    this.log.length = length;
    while (this.checkpoints[this.checkpoints.length - 1]!.logLength > length) this.checkpoints.pop();
  }

  /**
   * Puts the simulation in the state it had at `tMs` (after every input applied at that time), or at
   * the end of the log when the log stops earlier. Observers are not told about the replayed steps.
   */
  seek(tMs: number): void {
    this.replayFrom(
      (checkpoint) => checkpoint.state.nowMs <= tMs,
      () => this.replayUntilTime(tMs),
    );
  }

  /**
   * Puts the simulation in the state it had after `stepCount` steps (SimState.stepCount: events and
   * inputs), stopping inside an advance if need be; at the end of the log when it holds fewer.
   */
  seekStep(stepCount: number): void {
    this.replayFrom(
      (checkpoint) => checkpoint.state.stepCount <= stepCount,
      () => this.replayUntilStep(stepCount),
    );
  }

  /**
   * Makes `log` the run: keeps what this log shares with it from the start, and replays the rest of
   * `log` as the new future (observers other than the watchers are not told). Used to switch branches.
   */
  switchTo(log: readonly SimInput[]): void {
    const inputs = log.map((input) => parseSimulationInput(simInputSchema, input, 'input'));
    let shared = 0;
    while (
      shared < inputs.length &&
      shared < this.log.length &&
      JSON.stringify(inputs[shared]) === JSON.stringify(this.log[shared])
    )
      shared += 1;
    this.replayFrom(
      (checkpoint) => checkpoint.logLength <= shared,
      () => {
        while (this.cursor < shared) this.sim.apply(this.log[this.cursor++]!);
        this.truncate(shared);
        for (const input of inputs.slice(shared)) this.record(input);
      },
    );
  }

  /** Restores the last checkpoint `usable` accepts, then replays with only the watchers watching. */
  private replayFrom(usable: (checkpoint: Checkpoint) => boolean, replay: () => void): void {
    let from = this.checkpoints[0]!;
    for (const checkpoint of this.checkpoints) if (usable(checkpoint)) from = checkpoint;
    const observers = this.sim.observers;
    this.sim.observers = [...this.watchers];
    try {
      this.sim.restore(structuredClone(from.state));
      this.watchers.forEach((watcher, i) => watcher.load(from.watched[i]));
      this.cursor = from.logLength;
      this.partial = [];
      replay();
    } finally {
      this.sim.observers = observers;
    }
  }

  private replayUntilTime(tMs: number): void {
    while (this.cursor < this.log.length) {
      const input = this.log[this.cursor]!;
      if (input.kind === 'advance' && input.toMs > tMs) {
        if (this.sim.nowMs < tMs) this.applyPartial({ kind: 'advance', toMs: tMs });
        return;
      }
      this.sim.apply(input);
      this.cursor += 1;
    }
  }

  private replayUntilStep(stepCount: number): void {
    const state = () => this.sim.state;
    while (this.cursor < this.log.length) {
      const input = this.log[this.cursor]!;
      if (input.kind !== 'advance') {
        // Every other input is one step.
        if (state().stepCount + 1 > stepCount) return;
        this.sim.apply(input);
        this.cursor += 1;
        continue;
      }
      // An advance is as many steps as events fall due before its end: take them one at a time.
      for (let at = nextEventAtMs(state().scheduler); at !== null && at <= input.toMs;) {
        if (state().stepCount >= stepCount) return;
        this.applyPartial({ kind: 'step' });
        at = nextEventAtMs(state().scheduler);
      }
      this.sim.apply(input);
      this.cursor += 1;
      this.partial = [];
    }
  }

  private applyPartial(input: SimInput): void {
    this.sim.apply(input);
    this.partial.push(input);
  }
}
