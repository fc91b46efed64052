/**
 * A seeded pseudo-random generator (mulberry32). Its whole state is one 32-bit integer, so it can live
 * inside the core's state, be cloned with it, and replay identically from a seed.
 */
export interface PrngState {
  /** The generator's 32-bit state; advancing it is the only way randomness enters the core. */
  seed: number;
}

export function createPrng(seed: number): PrngState {
  return { seed: seed >>> 0 };
}

/** Returns a float in [0, 1) and advances the generator in place. */
export function nextFloat(prng: PrngState): number {
  prng.seed = (prng.seed + 0x6d2b79f5) >>> 0;
  let t = prng.seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Returns an integer in [min, max] inclusive. */
export function nextInt(prng: PrngState, min: number, max: number): number {
  return min + Math.floor(nextFloat(prng) * (max - min + 1));
}
