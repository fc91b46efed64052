/**
 * PaxosCertain under the sweep's random runs (workload, retries, crashes, wipes, partitions), judged by
 * everything PaxosKV's sweep is (linearizability, stale reads, exactly once, progress after healing) and
 * by Certain's own safety checker (one value per entry, stable chosen records, monotonic promises,
 * persist before reveal, one DB state per committed entry).
 */
import { describe, expect, it } from 'vitest';
import { CertainSafetyChecker } from '../../app/certain/safety-checker';
import { replayCommand, runSeed } from './sweep';

/** Generous: a slow shared machine must not turn a passing sweep into a timeout. */
const sweepTimeoutMs = 600_000;

function sweepCertain(from: number, count: number): void {
  it(
    `certain seeds ${from}..${from + count - 1} keep Certain's safety invariants and stay linearizable`,
    () => {
      const failed: string[] = [];
      for (let seed = from; seed < from + count; seed += 1) {
        const checker = new CertainSafetyChecker();
        const report = runSeed(seed, [checker], 'certain');
        const failures = [
          ...checker.violations.map(
            (violation) => `t=${violation.atMs} ${violation.invariant}: ${violation.detail}`,
          ),
          ...report.failures,
        ];
        if (failures.length > 0) {
          failed.push(
            `seed ${seed} (replay: ${replayCommand(seed, 'certain')}):\n    ${failures.join('\n    ')}`,
          );
        }
      }
      expect(failed, `${failed.length} of ${count} seeds failed:\n${failed.join('\n')}`).toEqual([]);
    },
    sweepTimeoutMs,
  );
}

/**
 * The fixed 2,000 seeds in npm test; CERTAIN_SWEEP_FROM=N CERTAIN_SWEEP_COUNT=M sweeps M fresh seeds
 * from N instead, with the same checkers (npm run sim has the history checks but not Certain's own).
 */
const from = process.env.CERTAIN_SWEEP_FROM;
describe('PaxosCertain seeded sweep', () => {
  if (from !== undefined) {
    sweepCertain(Number(from), Number(process.env.CERTAIN_SWEEP_COUNT ?? 1000));
    return;
  }
  sweepCertain(1, 1000);
  sweepCertain(1001, 1000);
});
