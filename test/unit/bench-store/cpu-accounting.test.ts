import { cpus } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cpuUseBetween, sampleCpu, ticksPerSecond } from '../../../bench/store/cpu-accounting';

describe('CPU accounting', () => {
  it('turns tick deltas into cores and calls the rest foreign', () => {
    const before = { atMs: 0, machineBusy: 0, groups: { client: 0, agents: 0 } };
    const after = {
      atMs: 2000,
      machineBusy: 3 * ticksPerSecond,
      groups: { client: 0.5 * ticksPerSecond, agents: 1.5 * ticksPerSecond },
    };
    const use = cpuUseBetween(before, after);
    expect(use.seconds).toBe(2);
    expect(use.machineCores).toBeCloseTo(1.5);
    expect(use.groupCores).toEqual({ client: 0.25, agents: 0.75 });
    expect(use.foreignCores).toBeCloseTo(0.5);
    expect(use.machineCoresMax).toBe(cpus().length);
  });

  it('reads this process from /proc and counts a vanished pid as zero', () => {
    const before = sampleCpu(() => ({ client: [process.pid], gone: [2 ** 22 + 1] }));
    const spinUntil = performance.now() + 200;
    while (performance.now() < spinUntil) Math.sqrt(Math.random());
    const use = cpuUseBetween(
      before,
      sampleCpu(() => ({ client: [process.pid], gone: [2 ** 22 + 1] })),
    );
    expect(use.groupCores.client).toBeGreaterThan(0);
    expect(use.groupCores.gone).toBe(0);
  });
});
