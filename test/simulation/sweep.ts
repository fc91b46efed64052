/**
 * One seed of the sweep: build the seed's random run, replay it under the checkers (run-checks.ts:
 * safety, durability, exactly once, the client history as a linearizable history) and check that the
 * healed cluster answers a read of every key. Returns what failed, never throws for a protocol bug.
 * Any exported run (a file) can be checked the same way.
 */
import { defaultTopology, placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import { randomRun } from '../../app/simulator/random-run';
import { replayRun } from '../../app/simulator/run-export';
import type { SimObserver } from '../../app/simulator/sim-observer';
import type { SimState } from '../../app/simulator/sim-state';
import { RunChecks } from './run-checks';

/** How long the linearizability search may take per seed before it answers 'unknown'. */
const linearizabilityBudgetMs = 5_000;
const groups = placementGroups(defaultTopology());

export interface SeedReport {
  seed: number;
  /** One line per problem; empty when the seed passed. */
  failures: string[];
  /**
   * Keys two of whose replicas lost their disks: by design they stay learner-only (Paxos tolerates one
   * lost disk per key), so no final read is required of them.
   */
  keysWithTwoLostDisks: number;
  calls: number;
  callsOk: number;
  /** Keys whose linearizability search ran out of time (not a failure, but worth a look). */
  keysUndecided: number;
}

interface Findings {
  failures: string[];
  keysWithTwoLostDisks: number;
}

/** Every key must be readable once the network healed and every node came back. */
function checkProgress(state: SimState, keys: string[], finalReadsAtMs: number, findings: Findings): void {
  const calls = Object.values(state.calls);
  for (const key of keys) {
    const learners = placeKey(groups, key).replicas.filter((node) => state.nodes[node]?.core?.learner);
    if (learners.length >= 2) {
      findings.keysWithTwoLostDisks += 1;
      continue;
    }
    const read = calls.some(
      (call) => call.op.key === key && call.invokedAtMs >= finalReadsAtMs && call.reply?.ok,
    );
    if (!read) findings.failures.push(`progress: no final read of ${key} succeeded after the network healed`);
  }
}

/** What the healed cluster must still do: read every key after `finalReadsAtMs`. */
export interface ProgressDemand {
  keys: string[];
  finalReadsAtMs: number;
}

/**
 * Replays an exported run (parsed JSON) under every checker; with `progress`, the healed cluster must
 * also have answered a final read of each key. Never throws for a protocol bug.
 */
export function checkRun(
  exported: unknown,
  progress: ProgressDemand | null,
  observers: SimObserver[] = [],
): Omit<SeedReport, 'seed'> {
  const checks = new RunChecks();
  const findings: Findings = { failures: [], keysWithTwoLostDisks: 0 };
  let state: SimState | null = null;
  try {
    const history = replayRun(exported, [...checks.observers, ...observers], {
      checkpointEverySteps: Infinity,
    });
    state = history.sim.state;
  } catch (error) {
    findings.failures.push(`crashed: ${(error as Error).stack ?? String(error)}`);
  }
  const verdict = checks.verdict(linearizabilityBudgetMs);
  findings.failures.push(...verdict.failures);
  if (state && progress && findings.failures.length === 0) {
    checkProgress(state, progress.keys, progress.finalReadsAtMs, findings);
  }
  const calls = checks.calls;
  return {
    failures: findings.failures,
    keysWithTwoLostDisks: findings.keysWithTwoLostDisks,
    calls: calls.length,
    callsOk: calls.filter((call) => call.reply?.ok).length,
    keysUndecided: verdict.keysUndecided,
  };
}

export function runSeed(seed: number, observers: SimObserver[] = []): SeedReport {
  const run = randomRun(seed);
  const exported = { seed: run.seed, options: run.options, inputs: run.inputs };
  return { seed, ...checkRun(exported, run, observers) };
}

/** The one-line command that reruns a seed's checks, and the one that prints its trace. */
export function replayCommand(seed: number): string {
  return `npm run sim -- --seeds 1 --from ${seed}; trace: npm run sim -- --replay ${seed}`;
}
