/**
 * Time travel over a simulation, raftscope style: every input goes into a log, a checkpoint (a cloned
 * state) is kept every K steps, and `seek(t)` restores the last checkpoint at or before t and replays
 * the log up to t. A new input applied after seeking back forks: the rest of the old log is discarded.
 */
import { parseSimulationInput, simInputSchema, type SimInput, type SimInputDraft } from './inputs';
import type { SimState } from './sim-state';
import type { Simulation } from './simulation';

export interface HistoryOptions {
  /** Keep a checkpoint once this many steps (events and inputs) have passed since the last one. */
  checkpointEverySteps: number;
  /** Long advances are logged in slices of at most this many ms, so a seek replays little. */
  advanceSliceMs: number;
}

interface Checkpoint {
  /** How many log entries the state reflects. */
  logLength: number;
  state: SimState;
}

export class History {
  private readonly log: SimInput[] = [];
  /** How many log entries the simulation's state reflects. */
  private cursor = 0;
  /** After a seek that stopped inside an advance: the shorter advance actually applied. */
  private partial: SimInput | null = null;
  private readonly checkpoints: Checkpoint[];
  private readonly options: HistoryOptions;

  constructor(
    readonly sim: Simulation,
    options: Partial<HistoryOptions> = {},
  ) {
    this.options = { checkpointEverySteps: 500, advanceSliceMs: 100, ...options };
    this.checkpoints = [{ logLength: 0, state: structuredClone(sim.state) }];
  }

  /** The inputs that produced the current state, in order; with the seed, a complete replay. */
  inputs(): SimInput[] {
    return this.partial ? [...this.log.slice(0, this.cursor), this.partial] : this.log.slice(0, this.cursor);
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
      this.checkpoints.push({ logLength: this.cursor, state: structuredClone(this.sim.state) });
    }
  }

  private fork(): void {
    if (this.cursor === this.log.length && !this.partial) return;
    this.log.length = this.cursor;
    while (this.checkpoints[this.checkpoints.length - 1]!.logLength > this.cursor) this.checkpoints.pop();
    if (this.partial) this.log.push(this.partial);
    this.cursor = this.log.length;
    this.partial = null;
  }

  /**
   * Puts the simulation in the state it had at `tMs` (after every input applied at that time), or at
   * the end of the log when the log stops earlier. Observers are not told about the replayed steps.
   */
  seek(tMs: number): void {
    const from = this.lastCheckpointAtOrBefore(tMs);
    const observers = this.sim.observers;
    this.sim.observers = [];
    try {
      this.sim.restore(structuredClone(from.state));
      this.cursor = from.logLength;
      this.partial = null;
      this.replayUntil(tMs);
    } finally {
      this.sim.observers = observers;
    }
  }

  private lastCheckpointAtOrBefore(tMs: number): Checkpoint {
    let found = this.checkpoints[0]!;
    for (const checkpoint of this.checkpoints) if (checkpoint.state.nowMs <= tMs) found = checkpoint;
    return found;
  }

  private replayUntil(tMs: number): void {
    while (this.cursor < this.log.length) {
      const input = this.log[this.cursor]!;
      if (input.kind === 'advance' && input.toMs > tMs) {
        if (this.sim.nowMs < tMs) {
          this.partial = { kind: 'advance', toMs: tMs };
          this.sim.apply(this.partial);
        }
        return;
      }
      this.sim.apply(input);
      this.cursor += 1;
    }
  }
}
