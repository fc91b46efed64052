/** Moves every node of a topology to new loopback ports, keeping its shape, ids and groups. */
import { nodeLocations, validateTopology, type Topology } from '../../app/model/topology';

export function withPorts(topology: Topology, ports: readonly number[]): Topology {
  const count = nodeLocations(topology).length;
  if (ports.length !== count) throw new Error(`need ${count} ports, got ${ports.length}`);
  let next = 0;
  return validateTopology({
    ...topology,
    datacenters: topology.datacenters.map((dc) => ({
      ...dc,
      miniClusters: dc.miniClusters.map((mc) => ({
        ...mc,
        nodes: mc.nodes.map((node) => ({ ...node, host: '127.0.0.1', port: ports[next++]! })),
      })),
    })),
  });
}

/** Points the named nodes at other addresses ("host:port"), for attaching to agents that moved. */
export function withAddresses(topology: Topology, addresses: Readonly<Record<string, string>>): Topology {
  return validateTopology({
    ...topology,
    datacenters: topology.datacenters.map((dc) => ({
      ...dc,
      miniClusters: dc.miniClusters.map((mc) => ({
        ...mc,
        nodes: mc.nodes.map((node) => {
          const address = addresses[node.id];
          if (address === undefined) return node;
          const colon = address.lastIndexOf(':');
          return { ...node, host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
        }),
      })),
    })),
  });
}
