/**
 * One seed of the sweep: build the seed's random run, replay it under the safety checker, then check
 * the client history (linearizable per key, acknowledged writes seen by later reads) and that the
 * healed cluster answers a read of every key. Returns what failed, never throws for a protocol bug.
 */
import { performance } from 'node:perf_hooks';
import { checkHistory } from '../../app/checker/linearizability';
import { randomRun } from '../../app/simulator/random-run';
import { replayRun } from '../../app/simulator/run-export';
import type { SimObserver } from '../../app/simulator/sim-observer';
import type { ClientCall } from '../../app/simulator/sim-state';
import { staleReads, toHistoryOperation } from './client-history';
import { SafetyChecker } from './safety-checker';

/** How long the linearizability search may take per seed before it answers 'unknown'. */
const linearizabilityBudgetMs = 5_000;

export interface SeedReport {
  seed: number;
  /** One line per problem; empty when the seed passed. */
  failures: string[];
  calls: number;
  callsOk: number;
  /** Keys whose linearizability search ran out of time (not a failure, but worth a look). */
  keysUndecided: number;
}

function finalReadProblems(calls: ClientCall[], keys: string[], finalReadsAtMs: number): string[] {
  return keys
    .filter(
      (key) =>
        !calls.some((call) => call.op.key === key && call.invokedAtMs >= finalReadsAtMs && call.reply?.ok),
    )
    .map((key) => `progress: no final read of ${key} succeeded after the network healed`);
}

export function runSeed(seed: number, observers: SimObserver[] = []): SeedReport {
  const run = randomRun(seed);
  const checker = new SafetyChecker();
  const failures: string[] = [];
  let calls: ClientCall[] = [];
  try {
    const history = replayRun(
      { seed: run.seed, options: run.options, inputs: run.inputs },
      [checker, ...observers],
      {
        checkpointEverySteps: Number.POSITIVE_INFINITY,
      },
    );
    calls = Object.values(history.sim.state.calls);
  } catch (error) {
    failures.push(`crashed: ${(error as Error).stack ?? String(error)}`);
  }
  failures.push(...checker.violations.map((v) => `t=${v.atMs} ${v.invariant}: ${v.detail}`));
  const result = checkHistory(calls.map(toHistoryOperation), {
    now: () => performance.now(),
    budgetMs: linearizabilityBudgetMs,
  });
  for (const key of result.keys.filter((k) => k.verdict === 'violation')) {
    failures.push(
      `linearizability: ${key.key} is not linearizable; stuck at ${key.unplaced?.blockedOperationId ?? '?'} after [${key.linearizedPrefix.join(' ')}]`,
    );
  }
  failures.push(...staleReads(calls).map((problem) => `stale read: ${problem}`));
  if (failures.length === 0) failures.push(...finalReadProblems(calls, run.keys, run.finalReadsAtMs));
  return {
    seed,
    failures,
    calls: calls.length,
    callsOk: calls.filter((call) => call.reply?.ok).length,
    keysUndecided: result.keys.filter((k) => k.verdict === 'unknown').length,
  };
}

/** The one-line command that replays a seed with its trace. */
export function replayCommand(seed: number): string {
  return `npm run sim -- --replay ${seed}`;
}
