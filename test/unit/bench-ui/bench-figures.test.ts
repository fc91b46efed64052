import { describe, expect, it } from 'vitest';
import { placementGroups } from '../../../app/model/topology';
import { parseBenchFlags } from '../../../bench/ui/bench-flags';
import { benchTopology, expectedInFlight } from '../../../bench/ui/bench-load';
import { hotFunctions } from '../../../bench/ui/cpu-profile';
import { EventGenerator } from '../../../bench/ui/event-generator';
import { summarise } from '../../../bench/ui/page-figures';

describe('UI benchmark figures', () => {
  it('summarises frames, dots in flight and events ingested (across a resync) over several windows', () => {
    const stats = summarise([
      { gapsMs: [10, 20, 30], inFlight: [5_000, 4_000, 6_000], ingested: [100, 300, 40] },
      { gapsMs: [40], inFlight: [4_500], ingested: [90] },
    ]);
    expect(stats.frames).toBe(4);
    expect(stats.fps).toBeCloseTo(40, 5);
    expect(stats.slowestMs).toBe(40);
    expect(stats.inFlightMin).toBe(4_000);
    expect(stats.inFlightMedian).toBe(5_000);
    expect(stats.ingested).toBe(250);
    expect(stats.resyncs).toBe(1);
  });

  it('expects 20,000 events/s of three-replica writes to keep about 5,000 dots or more on screen', () => {
    const groups = placementGroups(benchTopology());
    const generator = new EventGenerator({
      groups,
      agents: groups.flatMap((group) => group.members).slice(0, 27),
      keys: 5_000,
      seed: 7,
    });
    generator.eventsAt(22_000, 0);
    expect(generator.messagesPerEvent()).toBeCloseTo(6 / 22, 5);
    const expected = expectedInFlight(20_000, generator.messagesPerEvent());
    expect(expected).toBeGreaterThanOrEqual(5_000);
    expect(expectedInFlight(20_000, generator.messagesPerEvent(), 2)).toBeLessThan(expected);
  });

  it('adds up self time per function from a CPU profile, hottest first', () => {
    const frame = (functionName: string, lineNumber: number) => ({
      functionName,
      url: 'http://x/assets/index.js',
      lineNumber,
    });
    const hot = hotFunctions(
      [
        { id: 1, callFrame: frame('stamp', 9) },
        { id: 2, callFrame: frame('', 19) },
        { id: 3, callFrame: { functionName: '(program)', url: '', lineNumber: -1 } },
      ],
      [1, 2, 1, 3],
      [0, 100, 300, 500, 100],
      2,
    );
    expect(hot).toEqual([
      { name: 'stamp', where: 'index.js:10', selfMs: 0.6, share: 0.6 },
      { name: '(anonymous)', where: 'index.js:20', selfMs: 0.3, share: 0.3 },
    ]);
  });

  it('names the flag and its limit for a bad value', () => {
    expect(parseBenchFlags(['--profile-seconds', '20']).profileSeconds).toBe(20);
    expect(() => parseBenchFlags(['--profile-seconds', '-1'])).toThrow(/--profile-seconds: .*0 to 600/);
    expect(() => parseBenchFlags(['--speed', '2'])).toThrow(/--speed: unknown flag/);
  });
});
