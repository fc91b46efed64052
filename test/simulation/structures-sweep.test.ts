/**
 * Seeds of the random run with queue and set operations mixed in, carried out by structure clients
 * as reads and compare-and-sets under the run's faults: every request stays linearizable per key and
 * the queue and set checks hold (none lost, none popped twice, membership in some real-time order).
 * And the check can fail: the same seeds with pops that write without a compare-and-set are caught.
 */
import { describe, expect, it } from 'vitest';
import {
  defaultStructureSettings,
  runWithStructures,
  structureRunPlan,
} from '../../app/kv/structures/simulated-structures';
import { replayRun } from '../../app/simulator/run-export';
import { runStructureSeed } from './structure-seed';

const timeoutMs = 300_000;
const seedsFrom = 1;
const seedCount = 40;

describe('structures in the simulator', () => {
  it(
    `seeds ${seedsFrom}..${seedsFrom + seedCount - 1}: queues and sets over per-key CAS keep their checks`,
    () => {
      const failed: string[] = [];
      let ok = 0;
      for (let seed = seedsFrom; seed < seedsFrom + seedCount; seed += 1) {
        const report = runStructureSeed(seed);
        ok += report.structureOpsOk;
        if (report.failures.length > 0) failed.push(`seed ${seed}:\n    ${report.failures.join('\n    ')}`);
      }
      expect(failed, failed.join('\n')).toEqual([]);
      expect(ok).toBeGreaterThan(seedCount * 10);
    },
    timeoutMs,
  );

  it(
    'a queue whose pops do not compare-and-set is caught: elements popped twice or lost',
    () => {
      // A seed whose unguarded pops never overlap has nothing to catch (seed 3 since the pending-entry
      // timeouts changed the schedules), so the check must catch most seeds, not every one.
      const caught = [1, 2, 3, 4, 5, 6].map((seed) => {
        const report = runStructureSeed(seed, { density: 2, settings: { unguardedPops: true } });
        return report.failures.filter((f) => /^queue: (lost|popped twice)/.test(f)).length;
      });
      expect(
        caught.filter((count) => count > 0).length,
        `problems found per seed: ${caught.join(', ')}`,
      ).toBeGreaterThanOrEqual(5);
    },
    timeoutMs,
  );

  it('a run with structure clients exports as an ordinary run that replays the same', () => {
    const run = runWithStructures(structureRunPlan(7), defaultStructureSettings);
    const replayed = replayRun(JSON.parse(JSON.stringify(run.exported)), [], {
      checkpointEverySteps: Infinity,
    }).sim.state;
    expect(Object.keys(replayed.calls)).toEqual(Object.keys(run.sim.state.calls));
    expect(replayed.calls).toEqual(run.sim.state.calls);
    expect(replayed.nowMs).toBe(run.sim.state.nowMs);
  });
});
