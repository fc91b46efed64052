/**
 * A run as JSON: `{ seed, options, inputs }`. Replaying it builds the same simulation and applies the
 * same inputs, which reproduces the identical trace; this is how a class demo becomes a test.
 */
import { z } from 'zod';
import { History, type HistoryOptions } from './time-travel';
import {
  parseSimulationInput,
  simInputSchema,
  simOptionsSchema,
  type SimInput,
  type SimOptionsInput,
} from './inputs';
import type { SimObserver } from './sim-observer';
import { Simulation } from './simulation';

/** The most inputs an exported run may hold. */
export const runInputsMax = 1_000_000;

export const runExportSchema = z.strictObject({
  /** The run's seed: a 32-bit unsigned integer. */
  seed: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be at least 0')
    .max(0xffffffff, 'must be at most 4294967295'),
  /** How the cluster was built; defaults when omitted. */
  options: simOptionsSchema.optional(),
  inputs: z.array(simInputSchema).max(runInputsMax, `must have at most ${runInputsMax} inputs`),
});

export interface RunExport {
  seed: number;
  options?: SimOptionsInput;
  inputs: SimInput[];
}

export function exportRun(history: History): RunExport {
  return { seed: history.sim.state.seed, options: history.sim.options, inputs: history.inputs() };
}

/** Rebuilds a run from its export (parsed JSON) and applies every input; errors name the field. */
export function replayRun(
  exported: unknown,
  observers: SimObserver[] = [],
  historyOptions: Partial<HistoryOptions> = {},
): History {
  const run = parseSimulationInput(runExportSchema, exported, 'run');
  const history = new History(new Simulation(run.seed, run.options ?? {}, observers), historyOptions);
  for (const input of run.inputs) history.apply(input);
  return history;
}
