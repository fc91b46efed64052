/**
 * Registers one vitest test that sweeps a range of seeds. The CI sweep is split over a few files so
 * that vitest can run them in parallel workers; each failure names its seed and the command that
 * replays it with its trace.
 */
import { expect, it } from 'vitest';
import { replayCommand, runSeed } from './sweep';

/** Generous: a slow shared machine must not turn a passing sweep into a timeout. */
const sweepTimeoutMs = 600_000;

export function sweepSeeds(from: number, count: number): void {
  it(
    `seeds ${from}..${from + count - 1} keep every safety invariant and stay linearizable`,
    () => {
      const failed: string[] = [];
      for (let seed = from; seed < from + count; seed += 1) {
        const report = runSeed(seed);
        if (report.failures.length > 0) {
          failed.push(
            `seed ${seed} (replay: ${replayCommand(seed)}):\n    ${report.failures.join('\n    ')}`,
          );
        }
      }
      expect(failed, `${failed.length} of ${count} seeds failed:\n${failed.join('\n')}`).toEqual([]);
    },
    sweepTimeoutMs,
  );
}
