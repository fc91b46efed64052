/**
 * Which key a workload operation touches: uniform over K keys, zipfian (a few keys take most of the
 * load, as in real stores) or one hot key. Seeded, so a run's key sequence replays from its seed.
 */
import { nextFloat, type PrngState } from '../../app/util/prng';

import { keyDistributions, type KeyDistribution } from '../../app/contract/checker-vocabulary';

export { keyDistributions, type KeyDistribution };

/** The zipfian exponent YCSB uses by default. */
export const zipfianExponent = 0.99;

/** Returns a key index in [0, keyCount) for each call. */
export type KeyChooser = (prng: PrngState) => number;

export function keyChooser(distribution: KeyDistribution, keyCount: number): KeyChooser {
  if (!Number.isInteger(keyCount) || keyCount < 1) {
    throw new RangeError(`keyCount must be a whole number ≥ 1, got ${keyCount}`);
  }
  switch (distribution) {
    case 'uniform':
      return (prng) => Math.floor(nextFloat(prng) * keyCount);
    case 'hot':
      return () => 0;
    case 'zipfian':
      return zipfianChooser(keyCount, zipfianExponent);
  }
}

/** Key i has weight 1 / (i + 1)^exponent; a binary search over the cumulative weights picks one. */
export function zipfianChooser(keyCount: number, exponent: number): KeyChooser {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < keyCount; i += 1) {
    total += 1 / Math.pow(i + 1, exponent);
    cumulative.push(total);
  }
  return (prng) => {
    const target = nextFloat(prng) * total;
    let low = 0;
    let high = keyCount - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  };
}
