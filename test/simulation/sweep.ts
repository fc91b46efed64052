/**
 * One seed of the sweep: build the seed's random run, replay it under the checkers (run-checks.ts:
 * safety, durability, exactly once, the client history as a linearizable history) and check that the
 * healed cluster answers a read of every key. Returns what failed, never throws for a protocol bug.
 * Any exported run (a file) can be checked the same way.
 */
import { defaultTopology, placementGroups } from '../../app/model/topology';
import type { Anomaly } from '../../app/checker/anomaly';
import { placeKey } from '../../app/paxos';
import { protocolNames, type ProtocolName } from '../../app/protocol/protocol';
import { protocolNamed } from '../../app/protocol/registry';
import { randomRun } from '../../app/simulator/random-run';
import { replayRun } from '../../app/simulator/run-export';
import type { SimObserver } from '../../app/simulator/sim-observer';
import type { ClientCall, SimState } from '../../app/simulator/sim-state';
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
  /** The anomaly behind each non-linearizable key. */
  anomalies: Anomaly[];
  /** Every client attempt, with its reply. */
  clientCalls: ClientCall[];
}

interface Findings {
  failures: string[];
  keysWithTwoLostDisks: number;
}

/** Every key must be readable once the network healed and every node came back. */
function checkProgress(
  state: SimState,
  protocol: ProtocolName,
  demand: ProgressDemand,
  findings: Findings,
): void {
  const { keys, finalReadsAtMs } = demand;
  const { isLearner } = protocolNamed(protocol);
  const calls = Object.values(state.calls);
  for (const key of keys) {
    const learners = placeKey(groups, key).replicas.filter((node) => {
      const core = state.nodes[node]?.core;
      return core ? isLearner(core) : false;
    });
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
  const protocol = protocolOf(exported);
  const checks = new RunChecks(protocol);
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
    checkProgress(state, protocol, progress, findings);
  }
  const calls = checks.calls;
  return {
    failures: findings.failures,
    keysWithTwoLostDisks: findings.keysWithTwoLostDisks,
    calls: calls.length,
    callsOk: calls.filter((call) => call.reply?.ok).length,
    keysUndecided: verdict.keysUndecided,
    anomalies: verdict.anomalies,
    clientCalls: calls,
  };
}

/** The protocol an exported run names (PaxosKV when it names none); replay refuses an unknown one. */
export function protocolOf(exported: unknown): ProtocolName {
  const named = (exported as { options?: { protocol?: unknown } } | null)?.options?.protocol;
  return protocolNames.find((name) => name === named) ?? 'paxoskv';
}

export function runSeed(
  seed: number,
  observers: SimObserver[] = [],
  protocol: ProtocolName = 'paxoskv',
): SeedReport {
  const run = randomRun(seed, protocol);
  const exported = { seed: run.seed, options: run.options, inputs: run.inputs };
  return { seed, ...checkRun(exported, run, observers) };
}

/** The one-line command that reruns a seed's checks, and the one that prints its trace. */
export function replayCommand(seed: number, protocol: ProtocolName = 'paxoskv'): string {
  const flag = protocol === 'paxoskv' ? '' : ` --protocol ${protocol}`;
  return `npm run sim -- --seeds 1 --from ${seed}${flag}; trace: npm run sim -- --replay ${seed}${flag}`;
}
