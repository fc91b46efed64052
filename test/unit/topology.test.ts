import { describe, expect, it } from 'vitest';
import {
  defaultTopology,
  nodeLocations,
  parseTopology,
  placementGroups,
  TopologyError,
} from '../../app/model/topology';

describe('topology', () => {
  it('embeds a default of three datacenters with two nodes each, one group', () => {
    const topology = defaultTopology();
    const groups = placementGroups(topology);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toHaveLength(6);
    const dcOf = new Map(nodeLocations(topology).map((node) => [node.id, node.datacenterId]));
    // Member m sits in the group's datacenter m mod 3.
    groups[0]!.members.forEach((member, m) => {
      expect(dcOf.get(member)).toBe(dcOf.get(groups[0]!.members[m % 3]!));
    });
    expect(new Set(groups[0]!.members.slice(0, 3).map((member) => dcOf.get(member))).size).toBe(3);
  });

  it.each([
    ['datacenters: []', 'datacenters'],
    [
      'datacenters: [{id: dc1, miniClusters: [{id: m1, nodes: [{id: a, port: 70000}, {id: b, port: 2}]}]}, {id: dc2, miniClusters: [{id: m2, nodes: []}]}, {id: dc3, miniClusters: []}]',
      'datacenters[0].miniClusters[0].nodes[0].port',
    ],
    ['{datacenters: x, extra: 1}', 'datacenters'],
    [': : :', '(file)'],
  ])('names the field of a bad topology: %s', (text, field) => {
    expect(() => parseTopology(text)).toThrowError(TopologyError);
    try {
      parseTopology(text);
    } catch (error) {
      expect((error as TopologyError).field).toBe(field);
    }
  });

  it('rejects a port used twice and a group within one datacenter', () => {
    const twice = defaultTopology();
    const nodes = twice.datacenters[1]!.miniClusters[0]!.nodes;
    nodes[0]!.port = twice.datacenters[0]!.miniClusters[0]!.nodes[0]!.port;
    expect(() => parseTopology(JSON.stringify(twice))).toThrow(
      /datacenters\[1\]\.miniClusters\[0\]\.nodes\[0\]\.port/,
    );
  });
});

describe('the topology protocol', () => {
  const datacenters = JSON.stringify(defaultTopology().datacenters);

  it('is PaxosKV when omitted, and any registered protocol when named', () => {
    expect(defaultTopology().protocol).toBe('paxoskv');
    expect(parseTopology(`{datacenters: ${datacenters}}`).protocol).toBe('paxoskv');
    expect(parseTopology(`{protocol: quorumkv, datacenters: ${datacenters}}`).protocol).toBe('quorumkv');
  });

  it('names the field of a protocol no core implements', () => {
    try {
      parseTopology(`{protocol: raft, datacenters: ${datacenters}}`);
    } catch (error) {
      expect(error).toBeInstanceOf(TopologyError);
      expect((error as TopologyError).field).toBe('protocol');
      expect((error as TopologyError).message).toContain('paxoskv');
      return;
    }
    throw new Error('a topology with protocol raft was accepted');
  });
});
