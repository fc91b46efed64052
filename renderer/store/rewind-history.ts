/**
 * Lets a person scrub back through recent events while the cluster keeps running: the newest inputs are
 * kept with a checkpoint of the observed state every `checkpointEvery` events, and the state after any
 * kept event is the checkpoint before it plus the inputs since (raftscope's checkpoints, bounded).
 */
import { rewindDropMax } from '../../app/contract/console-state';
import { ingestBatch, type ObservedInput } from './ingest';
import { isConsoleInput } from './ingest-console';
import type { ObservedCluster } from './observed-cluster';

export interface Checkpoint {
  /** The ordinal of the last event folded into `state`. */
  n: number;
  /** How many of the history's inputs come before this checkpoint. */
  at: number;
  state: ObservedCluster;
}

export interface RewindHistory {
  checkpoints: Checkpoint[];
  /** Inputs after the first checkpoint, oldest first. */
  inputs: ObservedInput[];
}

export interface RewindLimits {
  checkpointEvery: number;
  /** The most inputs kept; memory stays flat at this many plus one checkpoint per checkpointEvery. */
  inputsMax: number;
}

export const defaultRewindLimits: RewindLimits = { checkpointEvery: 1_000, inputsMax: 20_000 };

/** A simulated cluster's step back cuts the history by up to rewindDropMax events (cutHistory). */
export const simulatedRewindLimits: RewindLimits = {
  checkpointEvery: 1_000,
  inputsMax: rewindDropMax + 20_000,
};

export function startHistory(state: ObservedCluster): RewindHistory {
  return { checkpoints: [{ n: state.eventCount, at: 0, state }], inputs: [] };
}

/** The oldest and newest event ordinals one can scrub to. */
export function historyRange(
  rewindHistory: RewindHistory,
  live: ObservedCluster,
): { firstN: number; lastN: number } {
  return { firstN: rewindHistory.checkpoints[0]!.n, lastN: live.eventCount };
}

/**
 * Records a batch of inputs that turned the previous live state into `after`. A checkpoint is taken at
 * the end of a batch once checkpointEvery events have passed since the last one.
 */
export function recordBatch(
  rewindHistory: RewindHistory,
  inputs: readonly ObservedInput[],
  after: ObservedCluster,
  limits: RewindLimits = defaultRewindLimits,
): RewindHistory {
  if (inputs.length === 0) return rewindHistory;
  let kept = rewindHistory.inputs.concat(inputs);
  let checkpoints = rewindHistory.checkpoints;
  if (after.eventCount - checkpoints.at(-1)!.n >= limits.checkpointEvery) {
    checkpoints = [...checkpoints, { n: after.eventCount, at: kept.length, state: after }];
  }
  if (kept.length > limits.inputsMax) {
    const fits = checkpoints.findIndex((checkpoint) => kept.length - checkpoint.at <= limits.inputsMax);
    const keepFrom = fits < 0 ? checkpoints.length - 1 : fits;
    const first = checkpoints[keepFrom]!;
    kept = kept.slice(first.at);
    checkpoints = checkpoints
      .slice(keepFrom)
      .map((checkpoint) => ({ ...checkpoint, at: checkpoint.at - first.at }));
  }
  return { checkpoints, inputs: kept };
}

/** The observed state right after event `n`, clamped to what the history still holds. */
export function stateAt(rewindHistory: RewindHistory, n: number): ObservedCluster {
  const { checkpoint, end } = positionOf(rewindHistory, n);
  return ingestBatch(checkpoint.state, rewindHistory.inputs.slice(checkpoint.at, end));
}

/**
 * The history and state as if nothing after event `n` had happened (a simulated cluster went back), or
 * null when the history no longer holds event `n`.
 */
export function cutHistory(
  rewindHistory: RewindHistory,
  n: number,
): { rewindHistory: RewindHistory; state: ObservedCluster } | null {
  if (n < rewindHistory.checkpoints[0]!.n) return null;
  const { checkpoint, end } = positionOf(rewindHistory, n);
  const checkpoints = rewindHistory.checkpoints.filter((candidate) => candidate.at <= checkpoint.at);
  const inputs = rewindHistory.inputs.slice(0, end);
  return {
    rewindHistory: { checkpoints, inputs },
    state: ingestBatch(checkpoint.state, inputs.slice(checkpoint.at)),
  };
}

/** The checkpoint at or before event `n`, and how many inputs reach event `n`. */
function positionOf(rewindHistory: RewindHistory, n: number): { checkpoint: Checkpoint; end: number } {
  const first = rewindHistory.checkpoints[0]!;
  const checkpoint = rewindHistory.checkpoints.findLast((candidate) => candidate.n <= n) ?? first;
  let events = checkpoint.n;
  let end = checkpoint.at;
  while (end < rewindHistory.inputs.length && events < n) {
    if (!isConsoleInput(rewindHistory.inputs[end]!)) events += 1;
    end += 1;
  }
  return { checkpoint, end };
}
