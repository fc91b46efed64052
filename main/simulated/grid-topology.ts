/**
 * The shape a class picks in the cluster dialog: `groups` groups of six nodes, each group one
 * mini-cluster of two nodes in each of three datacenters, numbered as the embedded default is
 * (1 group is exactly the default). A mini-cluster has two nodes and there are three datacenters, so
 * a cluster has a multiple of six nodes: 4 groups (24 nodes) is the largest under 27.
 */
import { validateTopology, type Topology } from '../../app/model/topology';
import type { ProtocolName } from '../../app/protocol/protocol';

export function gridTopology(groups: number, protocol: ProtocolName): Topology {
  const datacenters = [0, 1, 2].map((d) => ({
    id: `dc${d + 1}`,
    miniClusters: Array.from({ length: groups }, (_, m) => ({
      id: `dc${d + 1}-mc${m + 1}`,
      nodes: [0, 1].map((slot) => {
        const n = 6 * m + d + 3 * slot;
        return { id: `n${n}`, port: 7401 + n };
      }),
    })),
  }));
  return validateTopology({ name: groups === 1 ? 'default' : `sim-${6 * groups}`, protocol, datacenters });
}
