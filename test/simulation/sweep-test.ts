/**
 * Registers vitest tests that sweep ranges of seeds. The fixed sweep is split over a few files so that
 * vitest can run them in parallel workers; one more file sweeps seeds from an offset drawn afresh on
 * every run, so each `npm test` also tries seeds nobody has run before. Each failure names its seed and
 * the command that replays it.
 */
import { randomInt } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ProtocolName } from '../../app/protocol/protocol';
import { replayCommand, runSeed } from './sweep';

/** Generous: a slow shared machine must not turn a passing sweep into a timeout. */
const sweepTimeoutMs = 600_000;
/** Drawn offsets start above the fixed seeds and stay clear of the 32-bit seed limit. */
const drawnFromMin = 1_000_000;
const drawnFromMax = 4_000_000_000;

export function sweepSeeds(
  from: number,
  count: number,
  label = 'seeds',
  protocol: ProtocolName = 'paxoskv',
): void {
  it(
    `${protocol} ${label} ${from}..${from + count - 1} keep every safety invariant and stay linearizable`,
    () => {
      const failed: string[] = [];
      for (let seed = from; seed < from + count; seed += 1) {
        const report = runSeed(seed, [], protocol);
        if (report.failures.length > 0) {
          failed.push(
            `seed ${seed} (replay: ${replayCommand(seed, protocol)}):\n    ${report.failures.join('\n    ')}`,
          );
        }
      }
      expect(failed, `${failed.length} of ${count} seeds failed:\n${failed.join('\n')}`).toEqual([]);
    },
    sweepTimeoutMs,
  );
}

/**
 * `count` seeds from a fresh random offset (SWEEP_FROM=N pins it, to rerun a whole drawn range). The
 * offset is in the test's name, and every failing seed prints its own replay command.
 */
export function sweepDrawnSeeds(count: number): void {
  const pinned = process.env.SWEEP_FROM;
  const from = pinned === undefined ? randomInt(drawnFromMin, drawnFromMax) : Number(pinned);
  sweepSeeds(from, count, `drawn seeds (this run: SWEEP_FROM=${from})`);
}
