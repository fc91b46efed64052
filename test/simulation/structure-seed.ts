/**
 * One seed with queue and set operations mixed in (app/kv/structures/simulated-structures.ts), judged
 * twice: every request, the structure clients' reads and compare-and-sets included, by the run's
 * checkers (safety, durability, per-key linearizability, exactly once), and the structures' answers by
 * the queue and set checks (app/checker/queue-check.ts, set-check.ts).
 */
import { checkQueue } from '../../app/checker/queue-check';
import { checkSet } from '../../app/checker/set-check';
import {
  defaultStructureSettings,
  runWithStructures,
  structureRunPlan,
  type StructureRunSettings,
} from '../../app/kv/structures/simulated-structures';
import { placementGroups } from '../../app/model/topology';
import { placeKey } from '../../app/paxos';
import { protocolNamed } from '../../app/protocol/registry';
import type { Simulation } from '../../app/simulator/simulation';
import { RunChecks } from './run-checks';

const linearizabilityBudgetMs = 5_000;

export interface StructureSeedReport {
  failures: string[];
  structureOps: number;
  /** Structure operations acknowledged, and the elements left in the queue at the end. */
  structureOpsOk: number;
  remaining: number;
  /** The queue could not be checked: two replicas of a segment lost their disks (see sweep.ts). */
  queueUnchecked: boolean;
}

/**
 * Two of the key's replicas are learner-only after losing their disks: by design the key stays
 * unreadable (Paxos tolerates one lost disk per key), as the sweep's progress check allows.
 */
function twoDisksLost(sim: Simulation, key: string): boolean {
  const { isLearner } = protocolNamed('paxoskv');
  const replicas = placeKey(placementGroups(sim.topology), key).replicas;
  return (
    replicas.filter((node) => {
      const core = sim.state.nodes[node]?.core;
      return core ? isLearner(core) : false;
    }).length >= 2
  );
}

export function runStructureSeed(
  seed: number,
  options: { density?: number; settings?: Partial<StructureRunSettings> } = {},
): StructureSeedReport {
  const checks = new RunChecks();
  const settings = { ...defaultStructureSettings, ...options.settings, observers: checks.observers };
  const run = runWithStructures(structureRunPlan(seed, options.density), settings);
  const { records, finalQueue, unreadKey } = run;
  const failures = checks.verdict(linearizabilityBudgetMs).failures;
  if (finalQueue !== null) {
    failures.push(...checkQueue(records, finalQueue).map((problem) => `queue: ${problem}`));
  } else if (unreadKey !== null && !twoDisksLost(run.sim, unreadKey)) {
    failures.push(`progress: the queue's ${unreadKey} could not be read after the run healed`);
  }
  failures.push(...checkSet(records));
  return {
    failures,
    structureOps: records.length,
    structureOpsOk: records.filter((record) => record.outcome === 'ok').length,
    remaining: finalQueue?.filter((item) => item.out === undefined).length ?? 0,
    queueUnchecked: finalQueue === null,
  };
}
