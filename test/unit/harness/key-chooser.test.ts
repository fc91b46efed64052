import { describe, expect, it } from 'vitest';
import { createPrng } from '../../../app/util/prng';
import { keyChooser, zipfianChooser } from '../../../main/harness/key-chooser';

function histogram(choose: (prng: ReturnType<typeof createPrng>) => number, keyCount: number, draws: number) {
  const prng = createPrng(1);
  const counts = new Array<number>(keyCount).fill(0);
  for (let i = 0; i < draws; i += 1) counts[choose(prng)]! += 1;
  return counts;
}

describe('key chooser', () => {
  it('zipfian: key i is drawn in proportion to 1 / (i + 1)^s', () => {
    const draws = 200_000;
    const counts = histogram(zipfianChooser(10, 1), 10, draws);
    const total = [...Array(10).keys()].reduce((sum, i) => sum + 1 / (i + 1), 0);
    counts.forEach((count, i) => {
      const expected = draws / (i + 1) / total;
      expect(Math.abs(count - expected) / expected, `key ${i}`).toBeLessThan(0.05);
    });
  });

  it('zipfian with exponent 0 is uniform, and a single key always wins', () => {
    const counts = histogram(zipfianChooser(4, 0), 4, 40_000);
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(histogram(zipfianChooser(1, 0.99), 1, 100)).toEqual([100]);
  });

  it('uniform covers every key; hot always picks the first', () => {
    const uniform = histogram(keyChooser('uniform', 5), 5, 50_000);
    for (const count of uniform) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(histogram(keyChooser('hot', 5), 5, 100)).toEqual([100, 0, 0, 0, 0]);
  });

  it('replays from its seed', () => {
    const draw = () => {
      const prng = createPrng(77);
      const choose = keyChooser('zipfian', 100);
      return Array.from({ length: 50 }, () => choose(prng));
    };
    expect(draw()).toEqual(draw());
  });

  it('refuses a key count that is not a whole number ≥ 1', () => {
    expect(() => keyChooser('uniform', 0)).toThrow(/keyCount must be a whole number ≥ 1, got 0/);
    expect(() => keyChooser('zipfian', 2.5)).toThrow(/keyCount/);
  });
});
