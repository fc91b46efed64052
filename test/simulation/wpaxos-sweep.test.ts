/**
 * PaxosKV's random runs (workload, retries, crashes, wipes, partitions) on WPaxos, 2,000 seeds: every seed
 * must stay linearizable, apply each request once, answer a final read of every key once the network
 * healed, and keep WPaxos's own invariants (one command per chosen slot, promises never lowered).
 */
import { describe, expect, it } from 'vitest';
import { WPaxosLogChecker } from '../scenarios/wpaxos-log-checker';
import { replayCommand, runSeed } from './sweep';

const seeds = { from: 1, count: 2000 };

describe('WPaxos seeded sweep', () => {
  it(`wpaxos seeds ${seeds.from}..${seeds.from + seeds.count - 1} keep every safety invariant and stay linearizable`, () => {
    const failed: string[] = [];
    for (let seed = seeds.from; seed < seeds.from + seeds.count; seed += 1) {
      const log = new WPaxosLogChecker();
      const report = runSeed(seed, [log], 'wpaxos');
      const failures = [...report.failures, ...log.violations];
      if (failures.length > 0) {
        failed.push(
          `seed ${seed} (replay: ${replayCommand(seed, 'wpaxos')}):\n    ${failures.join('\n    ')}`,
        );
      }
    }
    expect(failed, `${failed.length} of ${seeds.count} seeds failed:\n${failed.join('\n')}`).toEqual([]);
  }, 600_000);
});
