import { describe, expect, it } from 'vitest';
import { validateTopology, defaultTopology, TopologyError } from '../../../app/model/topology';
import {
  isQ1,
  isQ2,
  leaderOfBallot,
  majorityZones,
  nextBallot,
  zoneOf,
  zonePartner,
} from '../../../app/wpaxos/grid';
import { groups } from './grid-cluster';

const group = groups[0]!;

describe('the WPaxos grid of a six-member group', () => {
  it('puts member m in zone m mod 3, two members a zone', () => {
    expect(['n0', 'n1', 'n2', 'n3', 'n4', 'n5'].map((node) => zoneOf(group, node))).toEqual([
      0, 1, 2, 0, 1, 2,
    ]);
    expect(zonePartner(group, 'n4')).toBe('n1');
  });

  it('counts a zone only when both of its two members answered (a majority of 2)', () => {
    expect(majorityZones(group, ['n0', 'n3', 'n1'])).toEqual([0]);
    expect(majorityZones(group, ['n0', 'n1', 'n2'])).toEqual([]);
  });

  it('F = 0: Q1 is every zone, Q2 any one zone', () => {
    expect(isQ1(group, ['n0', 'n3', 'n1', 'n4', 'n2'], 0)).toBe(false);
    expect(isQ1(group, ['n0', 'n3', 'n1', 'n4', 'n2', 'n5'], 0)).toBe(true);
    expect(isQ2(group, ['n2', 'n5'], 0)).toBe(true);
    expect(isQ2(group, ['n0', 'n1', 'n2'], 0)).toBe(false);
  });

  it('F = 1: Q1 and Q2 are both two zones; F = 2: Q1 one zone, Q2 all three', () => {
    expect(isQ1(group, ['n0', 'n3', 'n2', 'n5'], 1)).toBe(true);
    expect(isQ2(group, ['n0', 'n3', 'n2', 'n5'], 1)).toBe(true);
    expect(isQ2(group, ['n0', 'n3'], 1)).toBe(false);
    expect(isQ1(group, ['n1', 'n4'], 2)).toBe(true);
    expect(isQ2(group, ['n0', 'n3', 'n1', 'n4'], 2)).toBe(false);
  });

  it('every Q1 meets every Q2 for every F (exhaustively over all node sets)', () => {
    const sets = Array.from({ length: 64 }, (_, mask) => group.members.filter((_, i) => mask & (1 << i)));
    for (const f of [0, 1, 2]) {
      const q1s = sets.filter((set) => isQ1(group, set, f));
      const q2s = sets.filter((set) => isQ2(group, set, f));
      for (const q1 of q1s) for (const q2 of q2s) expect(q1.some((node) => q2.includes(node))).toBe(true);
    }
  });

  it('gives each node its own ballots, above any seen, and names their leader', () => {
    const ballot = nextBallot(group, 'n4', 13);
    expect(ballot).toBeGreaterThan(13);
    expect(leaderOfBallot(group, ballot)).toBe('n4');
    expect(leaderOfBallot(group, 0)).toBeNull();
  });
});

describe('the topology field zoneFailures (F)', () => {
  const base = JSON.parse(JSON.stringify(defaultTopology())) as Record<string, unknown>;

  it('is optional (0 when omitted) and takes 0, 1 or 2', () => {
    expect(validateTopology(base).zoneFailures).toBeUndefined();
    expect(validateTopology({ ...base, zoneFailures: 1 }).zoneFailures).toBe(1);
  });

  it('refuses anything else with a TopologyError naming the field and the limit', () => {
    for (const bad of [3, -1, 0.5, '1']) {
      const attempt = () => validateTopology({ ...base, zoneFailures: bad });
      expect(attempt).toThrow(TopologyError);
      expect(attempt).toThrow(/zoneFailures/);
    }
    expect(() => validateTopology({ ...base, zoneFailures: 3 })).toThrow(/at most 2/);
  });
});
