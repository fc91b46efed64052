import { describe, expect, it } from 'vitest';
import {
  faultKinds,
  nodeFaultKinds,
  parseFaultKinds,
  planNemesis,
  type PlannedFault,
  type ScheduleOptions,
} from '../../../main/harness/nemesis-schedule';

const nodes = [0, 1, 2, 3, 4, 5].map((n) => ({ id: `n${n}`, datacenterId: `dc${(n % 3) + 1}` }));
const relearnMs = 4000;

function plan(seed: number, overrides: Partial<ScheduleOptions> = {}): PlannedFault[] {
  return planNemesis({ seed, durationMs: 60_000, kinds: faultKinds, nodes, relearnMs, ...overrides });
}

const isNodeFault = (fault: PlannedFault) => (nodeFaultKinds as readonly string[]).includes(fault.kind);

describe('nemesis schedule', () => {
  it('is a function of its seed', () => {
    expect(plan(42)).toEqual(plan(42));
    expect(plan(42)).not.toEqual(plan(43));
  });

  it('uses every requested kind in a 60 s run, and only those', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      expect(new Set(plan(seed).map((fault) => fault.kind))).toEqual(new Set(faultKinds));
    }
    const kinds = new Set(plan(5, { kinds: ['pause', 'cut'] }).map((fault) => fault.kind));
    expect(kinds).toEqual(new Set(['pause', 'cut']));
    expect(plan(5, { kinds: [] })).toEqual([]);
  });

  it('keeps every fault inside the run, after the warm-up and before the tail', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      for (const fault of plan(seed, { warmupMs: 2000, tailMs: 3000 })) {
        expect(fault.startMs).toBeGreaterThanOrEqual(2000);
        expect(fault.endMs).toBeLessThanOrEqual(57_000);
        expect(fault.endMs).toBeGreaterThan(fault.startMs);
      }
    }
  });

  it('never has two node faults at once, and leaves a wiped node time to relearn', () => {
    for (let seed = 0; seed < 500; seed += 1) {
      const lane = plan(seed).filter(isNodeFault);
      for (let i = 1; i < lane.length; i += 1) {
        const previous = lane[i - 1]!;
        const earliestMs = previous.endMs + (previous.kind === 'wipe' ? relearnMs : 0);
        expect(lane[i]!.startMs, `seed ${seed}`).toBeGreaterThanOrEqual(earliestMs);
      }
    }
  });

  it('never has two network faults at once (a heal clears them all)', () => {
    for (let seed = 0; seed < 200; seed += 1) {
      const lane = plan(seed).filter((fault) => !isNodeFault(fault));
      for (let i = 1; i < lane.length; i += 1) expect(lane[i]!.startMs).toBeGreaterThan(lane[i - 1]!.endMs);
    }
  });

  it('partitions a whole datacenter from the rest and cuts between two different nodes', () => {
    for (const fault of plan(9)) {
      if (fault.kind === 'partition') {
        expect(
          fault.sides[0].every((id) => nodes.find((n) => n.id === id)!.datacenterId === fault.datacenter),
        ).toBe(true);
        expect([...fault.sides[0], ...fault.sides[1]].sort()).toEqual(nodes.map((n) => n.id).sort());
      }
      if (fault.kind === 'cut') expect(fault.from).not.toBe(fault.to);
    }
  });

  it('parses all, none and lists, naming the flag on a bad kind', () => {
    expect(parseFaultKinds('all')).toEqual([...faultKinds]);
    expect(parseFaultKinds('none')).toEqual([]);
    expect(parseFaultKinds('kill,partition,kill')).toEqual(['kill', 'partition']);
    expect(() => parseFaultKinds('kill,nuke')).toThrow(/--nemesis: unknown fault kind "nuke"/);
  });
});
