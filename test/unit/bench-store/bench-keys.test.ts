import { describe, expect, it } from 'vitest';
import { defaultTopology, placementGroups } from '../../../app/model/topology';
import { placeKey } from '../../../app/paxos';
import { chooseBenchKeys, roleACounts } from '../../../bench/store/bench-keys';

const topology = defaultTopology(7401);
const firstSlot = placementGroups(topology)[0]!.members.slice(0, 3);

describe('benchmark keys', () => {
  it('keeps only keys whose three replicas are the three started agents, in role order', () => {
    const keys = chooseBenchKeys(topology, 500, firstSlot);
    expect(keys).toHaveLength(500);
    expect(new Set(keys.map(({ key }) => key)).size).toBe(500);
    for (const { key, replicas } of keys) {
      expect([...replicas].sort()).toEqual([...firstSlot].sort());
      expect(replicas).toEqual(placeKey(placementGroups(topology), key).replicas);
    }
  });

  it('spreads role A over all three agents, so no agent leads every key', () => {
    const counts = roleACounts(chooseBenchKeys(topology, 3000, firstSlot));
    expect([...counts.keys()].sort()).toEqual([...firstSlot].sort());
    for (const count of counts.values()) expect(count).toBeGreaterThan(600);
  });

  it('uses the whole group when no replica set is asked for', () => {
    const keys = chooseBenchKeys(topology, 600, null);
    const nodes = new Set(keys.flatMap(({ replicas }) => replicas));
    expect(nodes.size).toBe(6);
  });

  it('gives up with a clear error when the replica set cannot hold the keys', () => {
    const members = placementGroups(topology)[0]!.members;
    // Members 0, 3 share a datacenter, so no key has replicas on 0, 3 and 1.
    expect(() => chooseBenchKeys(topology, 10, [members[0]!, members[3]!, members[1]!])).toThrow(
      /only 0 of 10 keys land on/,
    );
  });
});
