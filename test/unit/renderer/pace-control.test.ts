import { describe, expect, it } from 'vitest';
import { nextPace, paceChoices } from '../../../renderer/views/faults/PaceControl';

describe('protocol pace choices from the keyboard', () => {
  it('steps through real time, ½, ⅕, 1/10 and stopped, and stays at either end', () => {
    expect(paceChoices.map((choice) => choice.rate)).toEqual([1, 0.5, 0.2, 0.1, 0]);
    expect(nextPace(1, -1)).toBe(0.5);
    expect(nextPace(0.2, -1)).toBe(0.1);
    expect(nextPace(0.1, -1)).toBe(0);
    expect(nextPace(0, -1)).toBe(0);
    expect(nextPace(0, 1)).toBe(0.1);
    expect(nextPace(0.5, 1)).toBe(1);
    expect(nextPace(1, 1)).toBe(1);
  });

  it('moves from a pace set elsewhere (npm run ctl -- pace 0.3) to the nearest choice each way', () => {
    expect(nextPace(0.3, -1)).toBe(0.2);
    expect(nextPace(0.3, 1)).toBe(0.5);
  });
});
